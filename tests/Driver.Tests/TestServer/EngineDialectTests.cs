using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineDialectTests : EngineTestBase
{
    [Fact]
    public void DummyAndSysDummyHaveOneRowX()
    {
        var rows = Query("SELECT * FROM DUMMY");
        Assert.Single(rows);
        Assert.Equal("X", rows[0][0]);
        Assert.Equal("X", Scalar("select dummy from sys.dummy"));
    }

    [Fact]
    public void ColumnAndRowTablesAreCreated()
    {
        Exec("CREATE COLUMN TABLE C1 (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        Exec("create row table r1 (id integer)");
        Exec("CREATE TABLE C2 (ID INTEGER) UNLOAD PRIORITY 5 AUTO MERGE");
        Exec("INSERT INTO C1 VALUES (1, 'a')");
        Exec("INSERT INTO R1 VALUES (2)");
        Assert.Equal(1L, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM c1")));
        Assert.Equal(2, Scalar("SELECT ID FROM R1"));
    }

    [Fact]
    public void UnquotedIdentifiersFoldToUpperCaseQuotedOnesKeepTheirSpelling()
    {
        Exec("create table mixed (id integer, \"lower\" integer)");
        Exec("insert into Mixed values (1, 2)");
        var result = Session.ExecuteDirect("select id, \"lower\", 3 as three from MIXED", true);
        using var cursor = result.Cursor!;
        Assert.Equal(["ID", "lower", "THREE"], cursor.Columns.Select(c => c.DisplayName));
        Assert.Equal("MIXED", cursor.Columns[0].TableName);
    }

    [Fact]
    public void StringLiteralsQuotedIdentifiersAndCommentsAreNeverRewritten()
    {
        const string text = "select top 5 seq.NEXTVAL, CURRENT_UTCTIMESTAMP -- x";
        Assert.Equal(text, Scalar($"SELECT '{text}' /* select top 1 */ FROM DUMMY -- upsert t with primary key"));
        Assert.Equal("it's", Scalar("SELECT 'it''s' FROM DUMMY"));
        using var statement = Session.Prepare("select 'a' as \"lower Case\" from dummy");
        Assert.Equal("SELECT 'a' AS \"lower Case\" FROM DUMMY", statement.EngineSql);
    }

    [Fact]
    public void SelectTopBecomesLimit()
    {
        Assert.Equal(3, Query("SELECT TOP 3 GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100)").Count);
        Assert.Equal(2, Query("SELECT * FROM (SELECT TOP 2 * FROM SERIES_GENERATE_INTEGER(1, 0, 10)) ORDER BY 1").Count);
        Assert.Single(Query("SELECT DISTINCT TOP 1 DUMMY FROM DUMMY"));
    }

    [Fact]
    public void SelectTopParameterKeepsTheClientsParameterOrder()
    {
        using var statement = Session.Prepare("SELECT TOP ? GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100) WHERE GENERATED_PERIOD_START >= ? ORDER BY 1");
        Assert.Equal(2, statement.Parameters.Count);
        using var cursor = Session.ExecuteRow(statement, [4, 50], true).Cursor!;
        var rows = cursor.FetchRows();
        Assert.Equal([50, 51, 52, 53], rows.Select(r => (int)r[0]!));
    }

    [Fact]
    public void SequencesNextvalAndCurrval()
    {
        Exec("CREATE SEQUENCE SEQ1 START WITH 10 INCREMENT BY 5");
        Assert.Equal(10L, Scalar("SELECT SEQ1.NEXTVAL FROM DUMMY"));
        Assert.Equal(15L, Scalar("SELECT seq1.nextval FROM DUMMY"));
        Assert.Equal(15L, Scalar("SELECT SEQ1.CURRVAL FROM DUMMY"));
        Assert.Equal(20L, Scalar("SELECT SYSTEM.SEQ1.NEXTVAL FROM DUMMY"));
        Exec("CREATE TABLE WITH_SEQ (ID BIGINT, V INTEGER)");
        Exec("INSERT INTO WITH_SEQ VALUES (SEQ1.NEXTVAL, 1)");
        Assert.Equal(25L, Scalar("SELECT ID FROM WITH_SEQ"));
    }

    [Fact]
    public void UpsertWithPrimaryKeyInsertsOrReplaces()
    {
        Exec("CREATE COLUMN TABLE U (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        Exec("UPSERT U VALUES (1, 'one') WITH PRIMARY KEY");
        Exec("UPSERT U (ID, V) VALUES (2, 'two') WITH PRIMARY KEY");
        Exec("upsert u values (1, 'uno') with primary key");
        Exec("REPLACE U VALUES (2, 'dos') WITH PRIMARY KEY");
        var rows = Query("SELECT ID, V FROM U ORDER BY ID");
        Assert.Equal(["uno", "dos"], rows.Select(r => (string)r[1]!));
    }

    [Fact]
    public void UpsertBatchThroughParameters()
    {
        Exec("CREATE COLUMN TABLE UB (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        using var statement = Session.Prepare("UPSERT UB VALUES (?, ?) WITH PRIMARY KEY");
        Assert.Equal(StatementKind.Upsert, statement.Kind);
        Session.Execute(statement, [[1, "a"], [2, "b"]], true);
        Session.Execute(statement, [[2, "B"], [3, "C"]], true);
        Assert.Equal(["a", "B", "C"], Query("SELECT V FROM UB ORDER BY ID").Select(r => (string)r[0]!));
    }

    [Fact]
    public void CurrentUtcTimestampAndFriends()
    {
        var utc = (DateTime)Scalar("SELECT CURRENT_UTCTIMESTAMP FROM DUMMY")!;
        Assert.InRange((DateTime.UtcNow - utc).TotalMinutes, -1, 1);
        var local = (DateTime)Scalar("SELECT CURRENT_TIMESTAMP FROM DUMMY")!;
        Assert.InRange((DateTime.Now - local).TotalMinutes, -1, 1);
        Assert.IsType<DateTime>(Scalar("SELECT CURRENT_UTCDATE FROM DUMMY"));
        Assert.Equal(DateTime.Today, Scalar("SELECT CURRENT_DATE FROM DUMMY"));
        Assert.Equal("SYSTEM", Scalar("SELECT CURRENT_SCHEMA FROM DUMMY"));
        Assert.Equal("SYSTEM", Scalar("SELECT CURRENT_USER FROM DUMMY"));
        Assert.Equal(Session.ConnectionId, Scalar("SELECT CURRENT_CONNECTION FROM DUMMY"));
    }

    [Fact]
    public void SeriesGenerateIntegerHasHanasColumns()
    {
        var result = Session.ExecuteDirect("SELECT * FROM SERIES_GENERATE_INTEGER(5, 10, 30)", true);
        using var cursor = result.Cursor!;
        Assert.Equal(["GENERATED_PERIOD_START", "GENERATED_PERIOD_END", "ELEMENT_NUMBER", "FRACTION_OF_MIN_MAX_RANGE"],
            cursor.Columns.Select(c => c.ColumnName));
        var rows = cursor.FetchRows();
        Assert.Equal([10, 15, 20, 25], rows.Select(r => (int)r[0]!));
        Assert.Equal([15, 20, 25, 30], rows.Select(r => (int)r[1]!));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => (long)r[2]!));
        Assert.Equal([0.0, 0.25, 0.5, 0.75], rows.Select(r => (double)r[3]!));
    }

    [Fact]
    public void SetSchemaChangesWhereUnqualifiedNamesGo()
    {
        Exec("CREATE SCHEMA OTHER");
        var result = Exec("SET SCHEMA OTHER");
        Assert.Equal(StatementKind.Other, result.Kind);
        Assert.Equal("OTHER", Session.CurrentSchema);
        Exec("CREATE TABLE IN_OTHER (A INTEGER)");
        Exec("INSERT INTO IN_OTHER VALUES (7)");
        Assert.Equal(7, Scalar("SELECT A FROM OTHER.IN_OTHER"));
        Assert.Equal("OTHER", Scalar("SELECT CURRENT_SCHEMA FROM DUMMY"));
        Assert.Equal("X", Scalar("SELECT * FROM DUMMY"));
        Exec("SET SCHEMA SYSTEM");
        Assert.Equal(259, Fails(() => Query("SELECT A FROM IN_OTHER")).Code);
    }

    [Fact]
    public void HanaTypeNamesAreAccepted()
    {
        Exec("""
            CREATE COLUMN TABLE ALLTYPES (
              C_TINYINT TINYINT, C_SMALLINT SMALLINT, C_INTEGER INTEGER, C_BIGINT BIGINT,
              C_DEC DECIMAL(18,4), C_DECF DECIMAL, C_SDEC SMALLDECIMAL, C_REAL REAL, C_DOUBLE DOUBLE,
              C_VARCHAR VARCHAR(20), C_NVARCHAR NVARCHAR(100), C_ALPHANUM ALPHANUM(8), C_SHORTTEXT SHORTTEXT(50),
              C_VARBINARY VARBINARY(50), C_DATE DATE, C_TIME TIME, C_SECONDDATE SECONDDATE, C_TIMESTAMP TIMESTAMP,
              C_BOOLEAN BOOLEAN, C_CLOB CLOB, C_NCLOB NCLOB, C_BLOB BLOB)
            """);
        Exec("""
            INSERT INTO ALLTYPES VALUES (255, -32768, 2147483647, 9223372036854775807, 12345678901234.5678, 1.25, 2.5, 1.5, 2.25,
              'v', 'nv ü', 'A1', 'short', X'0102FF', DATE '2024-02-29', '13:14:15', '2024-01-02 03:04:05',
              '2024-01-02 03:04:05.1234567', TRUE, 'clob', N'nclob €', X'DEADBEEF')
            """);
        var row = Query("SELECT * FROM ALLTYPES")[0];
        Assert.Equal((byte)255, row[0]);
        Assert.Equal((short)-32768, row[1]);
        Assert.Equal(int.MaxValue, row[2]);
        Assert.Equal(long.MaxValue, row[3]);
        Assert.Equal(12345678901234.5678m, row[4]);
        Assert.Equal(1.25m, row[5]);
        Assert.Equal(2.5m, row[6]);
        Assert.Equal(1.5f, row[7]);
        Assert.Equal(2.25, row[8]);
        Assert.Equal("v", row[9]);
        Assert.Equal("nv ü", row[10]);
        Assert.Equal("A1", row[11]);
        Assert.Equal("short", row[12]);
        Assert.Equal(new byte[] { 1, 2, 255 }, row[13]);
        Assert.Equal(new DateTime(2024, 2, 29), row[14]);
        Assert.Equal(new TimeSpan(13, 14, 15), row[15]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), row[16]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1234567), row[17]);
        Assert.Equal(true, row[18]);
        Assert.Equal("clob", row[19]);
        Assert.Equal("nclob €", row[20]);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, row[21]);
    }

    [Fact]
    public void TinyIntIsUnsigned()
    {
        Exec("CREATE TABLE TI (V TINYINT)");
        Exec("INSERT INTO TI VALUES (200)");
        Assert.Equal((byte)200, Scalar("SELECT V FROM TI"));
        Assert.Equal(314, Fails(() => Exec("INSERT INTO TI VALUES (-1)")).Code);
        using var statement = Session.Prepare("INSERT INTO TI VALUES (?)");
        Assert.Equal(314, Fails(() => Session.ExecuteRow(statement, [256], true)).Code);
    }

    [Fact]
    public void CastToHanaTypes()
    {
        Assert.Equal(new DateTime(2024, 1, 1, 10, 11, 12), Scalar("SELECT CAST('2024-01-01 10:11:12' AS SECONDDATE) FROM DUMMY"));
        Assert.Equal("abc", Scalar("SELECT CAST('abc' AS NVARCHAR(10)) FROM DUMMY"));
        Assert.Equal(new byte[] { 0x01 }, Scalar("SELECT CAST(X'01' AS VARBINARY(4)) FROM DUMMY"));
        Assert.Equal(1.5m, Scalar("SELECT CAST('1.5' AS DECIMAL(10,2)) FROM DUMMY"));
        Assert.Equal(7, Scalar("SELECT TO_INTEGER('7') FROM DUMMY"));
        Assert.Equal("x", Scalar("SELECT NVL(NULL, 'x') FROM DUMMY"));
        Assert.Equal(new DateTime(2024, 1, 31), Convert.ToDateTime(Scalar("SELECT ADD_DAYS(DATE '2024-01-01', 30) FROM DUMMY")));
        Assert.Equal(3L, Scalar("SELECT DAYS_BETWEEN(DATE '2024-01-01', DATE '2024-01-04') FROM DUMMY"));
    }

    [Fact]
    public void ForUpdateIsAccepted()
    {
        Exec("CREATE TABLE FU (A INTEGER)");
        Assert.Empty(Query("SELECT A FROM FU WHERE A = 1 FOR UPDATE"));
        Assert.Empty(Query("SELECT A FROM FU FOR UPDATE NOWAIT"));
    }

    [Fact]
    public void LocalTemporaryTables()
    {
        Exec("CREATE LOCAL TEMPORARY COLUMN TABLE #TMP (A INTEGER)");
        Exec("INSERT INTO #TMP VALUES (1)");
        Assert.Equal(1, Scalar("SELECT A FROM #tmp"));
    }

    [Fact]
    public void AlterTableAddAndDropColumn()
    {
        Exec("CREATE TABLE AL (A INTEGER)");
        Exec("ALTER TABLE AL ADD (B NVARCHAR(30) NOT NULL DEFAULT 'd')");
        Exec("INSERT INTO AL (A) VALUES (1)");
        var result = Session.ExecuteDirect("SELECT * FROM AL", true);
        using (var cursor = result.Cursor!)
        {
            Assert.Equal(30, cursor.Columns[1].Length);
            Assert.False(cursor.Columns[1].Nullable);
            Assert.Equal("d", cursor.FetchRows()[0][1]);
        }

        Exec("ALTER TABLE AL DROP (B)");
        Assert.Single(Query("SELECT * FROM AL")[0]);
        Exec("RENAME TABLE AL TO AL2");
        Assert.Equal(1, Scalar("SELECT A FROM AL2"));
    }
}
