using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

/// <summary>
/// Parameter types at PREPARE: a parameter next to an arithmetic operator or comparison takes the other operand's
/// type as on HANA (DuckDB alone leaves arithmetic operands untyped, which made them NVARCHAR).
/// </summary>
public sealed class EngineParameterTypeTests : EngineTestBase
{
    private const string CreateTable = """
        CREATE COLUMN TABLE T (ID INTEGER PRIMARY KEY, N INTEGER, PRICE DECIMAL(10,2), QTY SMALLINT, F DECIMAL,
          TINY TINYINT, R DOUBLE, BIG BIGINT, D DATE, TS TIMESTAMP, NAME NVARCHAR(20))
        """;

    private List<HanaSqlType> TypesOf(string sql)
    {
        using var statement = Session.Prepare(sql);
        return statement.Parameters.Select(p => p.Type).ToList();
    }

    private EngineColumn ParameterOf(string sql, int index)
    {
        using var statement = Session.Prepare(sql);
        return statement.Parameters[index];
    }

    [Theory]
    [InlineData("UPDATE T SET N = N - ? WHERE ID = ?", new[] { HanaSqlType.Integer, HanaSqlType.Integer })]
    [InlineData("SELECT ID FROM T WHERE PRICE * ? > ?", new[] { HanaSqlType.Decimal, HanaSqlType.Decimal })]
    [InlineData("SELECT ID FROM T WHERE ? + QTY < 10", new[] { HanaSqlType.SmallInt })]
    [InlineData("SELECT ID FROM T WHERE TINY / ? = 1", new[] { HanaSqlType.TinyInt })]
    [InlineData("SELECT ID FROM T AS X WHERE X.R - ? > 0", new[] { HanaSqlType.Double })]
    [InlineData("SELECT ID FROM T WHERE \"BIG\" - ? < 0", new[] { HanaSqlType.BigInt })]
    [InlineData("DELETE FROM T WHERE BIG - ? < 0", new[] { HanaSqlType.BigInt })]
    [InlineData("UPDATE T SET PRICE = PRICE * ?, N = ? WHERE ID = ?", new[] { HanaSqlType.Decimal, HanaSqlType.Integer, HanaSqlType.Integer })]
    [InlineData("SELECT ID FROM T WHERE N - PRICE * ? > 0", new[] { HanaSqlType.Decimal })]
    [InlineData("SELECT ID FROM T WHERE PRICE * ? BETWEEN ? AND ?", new[] { HanaSqlType.Decimal, HanaSqlType.Decimal, HanaSqlType.Decimal })]
    [InlineData("SELECT ID FROM T WHERE N + ? IN (?, ?)", new[] { HanaSqlType.Integer, HanaSqlType.Integer, HanaSqlType.Integer })]
    [InlineData("SELECT ? * 2 FROM DUMMY", new[] { HanaSqlType.Integer })]
    [InlineData("SELECT ? + 3000000000 FROM DUMMY", new[] { HanaSqlType.BigInt })]
    [InlineData("SELECT ? + 1e3 FROM DUMMY", new[] { HanaSqlType.Double })]
    [InlineData("SELECT CAST(N AS BIGINT) * ? FROM T", new[] { HanaSqlType.BigInt })]
    [InlineData("INSERT INTO T (ID, N) VALUES (?, ? * 2)", new[] { HanaSqlType.Integer, HanaSqlType.Integer })]
    public void ArithmeticOperandsTypeTheParameter(string sql, HanaSqlType[] expected)
    {
        Exec(CreateTable);
        Assert.Equal(expected, TypesOf(sql));
    }

    [Theory]
    [InlineData("SELECT ID FROM T WHERE D BETWEEN ? AND ?", new[] { HanaSqlType.Date, HanaSqlType.Date })]
    [InlineData("SELECT ID FROM T WHERE N NOT BETWEEN ? AND ?", new[] { HanaSqlType.Integer, HanaSqlType.Integer })]
    [InlineData("SELECT ID FROM T WHERE ID IN (?, ?, ?)", new[] { HanaSqlType.Integer, HanaSqlType.Integer, HanaSqlType.Integer })]
    [InlineData("SELECT ID FROM T WHERE ? < TS", new[] { HanaSqlType.Timestamp })]
    [InlineData("SELECT ID FROM T WHERE PRICE >= ? AND PRICE <> ?", new[] { HanaSqlType.Decimal, HanaSqlType.Decimal })]
    public void ComparisonsTypeTheParameter(string sql, HanaSqlType[] expected)
    {
        Exec(CreateTable);
        Assert.Equal(expected, TypesOf(sql));
    }

    [Fact]
    public void DecimalsKeepPrecisionAndScale()
    {
        Exec(CreateTable);
        var price = ParameterOf("SELECT ID FROM T WHERE PRICE * ? > ?", 0);
        Assert.Equal((HanaSqlType.Decimal, 10, 2), (price.Type, price.Precision, price.Scale));
        Assert.True(ParameterOf("SELECT ? * 2.50 FROM DUMMY", 0).IsFloatingDecimal);
        var cast = ParameterOf("SELECT CAST(N AS DECIMAL(12,3)) * ? FROM T", 0);
        Assert.Equal((HanaSqlType.Decimal, 12, 3), (cast.Type, cast.Precision, cast.Scale));
        var castParameter = ParameterOf("SELECT CAST(? AS DECIMAL(12,3)) * 2 FROM DUMMY", 0);
        Assert.Equal((HanaSqlType.Decimal, 12, 3), (castParameter.Type, castParameter.Precision, castParameter.Scale));

        // floating DECIMAL stays floating, also for the product it is compared with (DuckDB would say DECIMAL(38,24))
        using var floating = Session.Prepare("SELECT ID FROM T WHERE F * ? > ?");
        Assert.All(floating.Parameters, p => Assert.True(p.IsFloatingDecimal, p.ToString()));
    }

    [Fact]
    public void ColumnsOfSubqueriesAndJoinedTablesAreFound()
    {
        Exec(CreateTable);
        Exec("CREATE TABLE T2 (K INTEGER, V DECIMAL(8,3))");
        Assert.Equal([HanaSqlType.Decimal], TypesOf("SELECT ID FROM T WHERE ID IN (SELECT K FROM T2 WHERE V - ? > 0)"));
        Assert.Equal(3, ParameterOf("SELECT ID FROM T WHERE ID IN (SELECT K FROM T2 WHERE V - ? > 0)", 0).Scale);
        Assert.Equal([HanaSqlType.Decimal, HanaSqlType.SmallInt],
            TypesOf("SELECT T.ID FROM T JOIN T2 AS B ON B.K = T.ID WHERE B.V * ? > 1 AND T.QTY + ? > 1"));
    }

    [Fact]
    public void SetAndInsertKeepTheColumnTypes()
    {
        Exec(CreateTable);
        using var update = Session.Prepare("UPDATE T SET NAME = ?, PRICE = ?, D = ?, F = ? WHERE ID = ?");
        Assert.Equal([HanaSqlType.NVarChar, HanaSqlType.Decimal, HanaSqlType.Date, HanaSqlType.Decimal, HanaSqlType.Integer],
            update.Parameters.Select(p => p.Type));
        Assert.Equal((10, 2), (update.Parameters[1].Precision, update.Parameters[1].Scale));
        Assert.True(update.Parameters[3].IsFloatingDecimal);
        using var insert = Session.Prepare("INSERT INTO T (ID, NAME, TINY, TS) VALUES (?, ?, ?, ?)");
        Assert.Equal([(HanaSqlType.Integer, 10), (HanaSqlType.NVarChar, 20), (HanaSqlType.TinyInt, 3), (HanaSqlType.Timestamp, 27)],
            insert.Parameters.Select(p => (p.Type, p.Length)));
    }

    [Theory]
    [InlineData("SELECT ID FROM T WHERE D + ? > ?")] // date arithmetic: HANA has ADD_DAYS; the operand is not numeric
    [InlineData("SELECT ID FROM T WHERE N * QTY - ? > 0")] // the operand is N * QTY, a compound expression
    [InlineData("SELECT GENERATED_PERIOD_START - ? FROM SERIES_GENERATE_INTEGER(1, 0, 1)")] // not a catalog table
    [InlineData("SELECT ID FROM T WHERE ABS(N) - ? > 0")]
    public void WhatCannotBeInferredKeepsTheFallback(string sql)
    {
        Exec(CreateTable);
        var types = TypesOf(sql);
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal(HanaSqlType.NVarChar, t));
    }

    [Fact]
    public void InferredParametersBindAndConvert()
    {
        Exec(CreateTable);
        Exec("INSERT INTO T (ID, N, PRICE, D) VALUES (1, 10, 2.50, '2024-01-10'), (2, 20, 7.25, '2024-03-01')");
        using (var update = Session.Prepare("UPDATE T SET N = N - ? WHERE ID = ?"))
        {
            Assert.Equal(1, Session.ExecuteRow(update, [3, 1], true).RowsAffected[0]);
            Assert.Equal(1, Session.ExecuteRow(update, ["4", 2L], true).RowsAffected[0]); // a string converts to INTEGER
        }

        Assert.Equal(7, Scalar("SELECT N FROM T WHERE ID = 1"));
        Assert.Equal(16, Scalar("SELECT N FROM T WHERE ID = 2"));
        using var query = Session.Prepare("SELECT ID FROM T WHERE PRICE * ? > ? ORDER BY ID");
        using var cursor = Session.ExecuteRow(query, [2m, 10m], true).Cursor!;
        Assert.Equal([2], cursor.FetchRows().Select(r => Convert.ToInt32(r[0])));
    }
}
