using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineMetadataTests : EngineTestBase
{
    private const string CreateTable = """
        CREATE COLUMN TABLE META (
          ID INTEGER NOT NULL PRIMARY KEY, C_TINY TINYINT, C_DEC DECIMAL(18,4), C_DEC38 DECIMAL(38,10), C_FLOAT DECIMAL,
          C_SMALLDEC SMALLDECIMAL, C_NV NVARCHAR(100) NOT NULL, C_V VARCHAR(7), C_ALPHA ALPHANUM(12), C_VB VARBINARY(50),
          C_SD SECONDDATE, C_TS TIMESTAMP, C_DATE DATE, C_TIME TIME, C_CLOB CLOB, C_NCLOB NCLOB, C_BLOB BLOB, C_BOOL BOOLEAN,
          C_REAL REAL, C_DOUBLE DOUBLE)
        """;

    [Fact]
    public void ResultColumnsCarryTheDeclaredHanaTypes()
    {
        Exec(CreateTable);
        using var statement = Session.Prepare("SELECT * FROM META");
        var c = statement.Columns.ToDictionary(x => x.ColumnName);
        Assert.Equal(20, statement.Columns.Count);
        Assert.Equal((HanaSqlType.Integer, false), (c["ID"].Type, c["ID"].Nullable));
        Assert.Equal(HanaSqlType.TinyInt, c["C_TINY"].Type);
        Assert.Equal((HanaSqlType.Decimal, 18, 4), (c["C_DEC"].Type, c["C_DEC"].Precision, c["C_DEC"].Scale));
        Assert.Equal((38, 10), (c["C_DEC38"].Precision, c["C_DEC38"].Scale));
        Assert.True(c["C_FLOAT"].IsFloatingDecimal);
        Assert.Equal(EngineColumn.FloatingScale, c["C_FLOAT"].Scale);
        Assert.Equal((HanaSqlType.SmallDecimal, EngineColumn.FloatingScale), (c["C_SMALLDEC"].Type, c["C_SMALLDEC"].Scale));
        Assert.Equal((HanaSqlType.NVarChar, 100, false), (c["C_NV"].Type, c["C_NV"].Length, c["C_NV"].Nullable));
        Assert.Equal((HanaSqlType.VarChar, 7), (c["C_V"].Type, c["C_V"].Length));
        Assert.Equal((HanaSqlType.AlphaNum, 12), (c["C_ALPHA"].Type, c["C_ALPHA"].Length));
        Assert.Equal((HanaSqlType.VarBinary, 50), (c["C_VB"].Type, c["C_VB"].Length));
        Assert.Equal(HanaSqlType.SecondDate, c["C_SD"].Type);
        Assert.Equal(HanaSqlType.Timestamp, c["C_TS"].Type);
        Assert.Equal(HanaSqlType.Date, c["C_DATE"].Type);
        Assert.Equal(HanaSqlType.Time, c["C_TIME"].Type);
        Assert.Equal(HanaSqlType.Clob, c["C_CLOB"].Type);
        Assert.Equal(HanaSqlType.NClob, c["C_NCLOB"].Type);
        Assert.Equal(HanaSqlType.Blob, c["C_BLOB"].Type);
        Assert.Equal(HanaSqlType.Boolean, c["C_BOOL"].Type);
        Assert.Equal(HanaSqlType.Real, c["C_REAL"].Type);
        Assert.Equal(HanaSqlType.Double, c["C_DOUBLE"].Type);
        Assert.All(statement.Columns, x => Assert.Equal(("META", "SYSTEM"), (x.TableName, x.SchemaName)));
        Assert.True(c["C_TS"].Nullable);
    }

    [Fact]
    public void AliasesQualifiersAndExpressions()
    {
        Exec(CreateTable);
        using var statement = Session.Prepare("SELECT m.C_NV AS NAME, m.C_DEC, C_TINY + 1, 'lit' AS L FROM META m");
        var cols = statement.Columns;
        Assert.Equal(("C_NV", "NAME", HanaSqlType.NVarChar, 100), (cols[0].ColumnName, cols[0].DisplayName, cols[0].Type, cols[0].Length));
        Assert.Equal((HanaSqlType.Decimal, 18, 4), (cols[1].Type, cols[1].Precision, cols[1].Scale));
        Assert.Null(cols[2].TableName); // an expression: typed by DuckDB, no base column
        Assert.Equal(HanaSqlType.NVarChar, cols[3].Type);
        Assert.Equal("L", cols[3].DisplayName);
        using var qualified = Session.Prepare("SELECT SYSTEM.META.C_V FROM SYSTEM.META");
        Assert.Equal((HanaSqlType.VarChar, 7), (qualified.Columns[0].Type, qualified.Columns[0].Length));
    }

    [Fact]
    public void ExpressionTypesWithoutDeclaredColumns()
    {
        using var statement = Session.Prepare("SELECT 1, CAST(1 AS BIGINT), 1.5, 'x', CAST(1 AS DOUBLE), TRUE, DATE '2024-01-01', CAST(NULL AS TIMESTAMP) FROM DUMMY");
        Assert.Equal(
            [HanaSqlType.Integer, HanaSqlType.BigInt, HanaSqlType.Decimal, HanaSqlType.NVarChar, HanaSqlType.Double, HanaSqlType.Boolean, HanaSqlType.Date, HanaSqlType.Timestamp],
            statement.Columns.Select(c => c.Type));
    }

    [Fact]
    public void InsertParametersTakeTheTargetColumnTypes()
    {
        Exec(CreateTable);
        using var statement = Session.Prepare("INSERT INTO META (ID, C_NV, C_VB, C_DEC, C_SD, C_NCLOB, C_TINY) VALUES (?, ?, ?, ?, ?, ?, ?)");
        Assert.Equal(StatementKind.Insert, statement.Kind);
        Assert.Empty(statement.Columns);
        var p = statement.Parameters;
        Assert.Equal(
            [HanaSqlType.Integer, HanaSqlType.NVarChar, HanaSqlType.VarBinary, HanaSqlType.Decimal, HanaSqlType.SecondDate, HanaSqlType.NClob, HanaSqlType.TinyInt],
            p.Select(x => x.Type));
        Assert.Equal(100, p[1].Length);
        Assert.False(p[1].Nullable);
        Assert.Equal(50, p[2].Length);
        Assert.Equal((18, 4), (p[3].Precision, p[3].Scale));
    }

    [Fact]
    public void InsertWithoutColumnListUsesTableOrder()
    {
        Exec("CREATE TABLE P2 (A NVARCHAR(5), B DECIMAL(10,2))");
        using var statement = Session.Prepare("INSERT INTO P2 VALUES (?, ?)");
        Assert.Equal([(HanaSqlType.NVarChar, 5), (HanaSqlType.Decimal, 10)], statement.Parameters.Select(x => (x.Type, x.Length)));
    }

    [Fact]
    public void WhereParametersAreTypedByDuckDb()
    {
        Exec(CreateTable);
        using var statement = Session.Prepare("SELECT ID FROM META WHERE ID = ? AND C_NV LIKE ? AND C_DEC > ?");
        Assert.Equal([HanaSqlType.Integer, HanaSqlType.NVarChar, HanaSqlType.Decimal], statement.Parameters.Select(x => x.Type));
    }

    [Fact]
    public void UnresolvedParametersGetAChoiceAndNumericStringsAreRetried()
    {
        using var statement = Session.Prepare("SELECT GENERATED_PERIOD_START + ? FROM SERIES_GENERATE_INTEGER(1, 0, 1)");
        Assert.Equal(HanaSqlType.NVarChar, statement.Parameters[0].Type);
        using (var cursor = Session.ExecuteRow(statement, [41], true).Cursor!)
        {
            Assert.Equal(41L, Convert.ToInt64(cursor.FetchRows()[0][0]));
        }

        using (var cursor = Session.ExecuteRow(statement, ["42"], true).Cursor!)
        {
            Assert.Equal(42L, Convert.ToInt64(cursor.FetchRows()[0][0]));
        }
    }

    [Fact]
    public void StatementKinds()
    {
        Exec("CREATE TABLE K (A INTEGER)");
        var kinds = new Dictionary<string, StatementKind>
        {
            ["SELECT * FROM K"] = StatementKind.Query,
            ["WITH X AS (SELECT 1 AS A FROM DUMMY) SELECT * FROM X"] = StatementKind.Query,
            ["INSERT INTO K VALUES (1)"] = StatementKind.Insert,
            ["UPDATE K SET A = 2"] = StatementKind.Update,
            ["DELETE FROM K"] = StatementKind.Delete,
            ["CREATE TABLE K2 (A INTEGER)"] = StatementKind.Ddl,
            ["COMMIT"] = StatementKind.Commit,
            ["ROLLBACK"] = StatementKind.Rollback,
        };
        foreach (var (sql, kind) in kinds)
        {
            using var statement = Session.Prepare(sql);
            Assert.Equal(kind, statement.Kind);
        }
    }

    [Fact]
    public void DmlReportsRowsAffected()
    {
        Exec("CREATE TABLE RA (A INTEGER)");
        Assert.Equal([1], Exec("INSERT INTO RA VALUES (1)").RowsAffected);
        Exec("INSERT INTO RA VALUES (2)");
        Exec("INSERT INTO RA VALUES (3)");
        Assert.Equal([2], Exec("UPDATE RA SET A = A + 10 WHERE A < 3").RowsAffected);
        Assert.Equal([3], Exec("DELETE FROM RA").RowsAffected);
        var ddl = Exec("DROP TABLE RA");
        Assert.Equal(StatementKind.Ddl, ddl.Kind);
        Assert.True(ddl.Committed);
    }
}
