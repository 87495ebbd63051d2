using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineErrorTests : EngineTestBase
{
    [Fact]
    public void SyntaxErrorIs257WithThePositionInTheOriginalText()
    {
        var e = Fails(() => Exec("SELEC * FROM DUMMY"));
        Assert.Equal(257, e.Code);
        Assert.Equal(0, e.Position);
        Assert.Equal("sql syntax error: incorrect syntax near \"SELEC\": line 1 col 1 (at pos 0)", e.Message);

        // the rewriter changes text before the error (CREATE COLUMN TABLE → CREATE TABLE); positions still match the client's SQL
        const string sql = "CREATE COLUMN TABLE T1 (A INTEGER,, B INTEGER)";
        e = Fails(() => Exec(sql));
        Assert.Equal(257, e.Code);
        Assert.Equal(sql.IndexOf(",,", StringComparison.Ordinal) + 1, e.Position);
        Assert.Equal("X", Scalar("SELECT * FROM DUMMY")); // the session survives
    }

    [Fact]
    public void InvalidTableNameIs259()
    {
        var e = Fails(() => Exec("SELECT * FROM NO_SUCH_TABLE"));
        Assert.Equal(259, e.Code);
        Assert.Equal(14, e.Position);
        Assert.Equal(259, Fails(() => Exec("DROP TABLE NO_SUCH_TABLE")).Code);
        e = Fails(() => Exec("SELECT * FROM NOSCHEMA.T"));
        Assert.Equal((362, "invalid schema name: NOSCHEMA: line 1 col 15 (at pos 14)"), (e.Code, e.Message));

        // a near miss: DuckDB would suggest the similar name; HANA does not
        Exec("CREATE TABLE ORDERS (A INTEGER)");
        e = Fails(() => Exec("SELECT * FROM ORDER_S"));
        Assert.Equal("invalid table name:  Could not find table/view ORDER_S in schema SYSTEM: line 1 col 15 (at pos 14)", e.Message);
    }

    [Fact]
    public void InvalidColumnNameIs260()
    {
        Exec("CREATE TABLE E1 (A INTEGER)");
        var e = Fails(() => Exec("SELECT A, NOPE FROM E1"));
        Assert.Equal(260, e.Code);
        Assert.Equal(10, e.Position);
        Assert.Equal("invalid column name: NOPE: line 1 col 11 (at pos 10)", e.Message);
    }

    [Fact]
    public void UniqueViolationIs301NotNullIs287()
    {
        Exec("CREATE TABLE E2 (A INTEGER PRIMARY KEY, B NVARCHAR(5) NOT NULL)");
        Exec("INSERT INTO E2 VALUES (1, 'x')");
        var e = Fails(() => Exec("INSERT INTO E2 VALUES (1, 'y')"));
        Assert.Equal(301, e.Code);
        Assert.Equal("23000", e.SqlState);
        Assert.Equal("unique constraint violated: Table(E2) with error: duplicate key A: 1", e.Message);
        e = Fails(() => Exec("INSERT INTO E2 VALUES (2, NULL)"));
        Assert.Equal((287, "cannot insert NULL or update to NULL: B"), (e.Code, e.Message));
    }

    [Fact]
    public void ConversionErrors()
    {
        var e = Fails(() => Exec("SELECT CAST('abc' AS INTEGER) FROM DUMMY"));
        Assert.Equal((339, "invalid number: not a valid number string 'abc'"), (e.Code, e.Message));
        e = Fails(() => Exec("SELECT CAST('2024-13-45' AS DATE) FROM DUMMY"));
        Assert.Equal((303, "invalid DATE, TIME or TIMESTAMP value: Error while parsing 2024-13-45"), (e.Code, e.Message));
        Exec("CREATE TABLE E3 (A INTEGER, D DECIMAL(5,2))");
        using var statement = Session.Prepare("INSERT INTO E3 VALUES (?, ?)");
        Assert.Equal(339, Fails(() => Session.ExecuteRow(statement, ["x", 1m], true)).Code);
        e = Fails(() => Session.ExecuteRow(statement, [1, 12345.6m], true));
        Assert.Equal(314, e.Code);
        Assert.StartsWith("numeric overflow: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(314, Fails(() => Session.ExecuteRow(statement, [5_000_000_000L, 1m], true)).Code);
    }

    [Fact]
    public void DuplicateTableIs288()
    {
        Exec("CREATE TABLE E4 (A INTEGER)");
        var e = Fails(() => Exec("CREATE TABLE E4 (A INTEGER)"));
        Assert.Equal(288, e.Code);
        Assert.StartsWith("cannot use duplicate table name: E4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFunctionAndSequence()
    {
        var e = Fails(() => Exec("SELECT NO_SUCH_FUNCTION(1) FROM DUMMY"));
        Assert.Equal((328, "invalid name of function or procedure: NO_SUCH_FUNCTION: line 1 col 8 (at pos 7)"), (e.Code, e.Message));
        Assert.Equal(313, Fails(() => Exec("SELECT NO_SEQ.NEXTVAL FROM DUMMY")).Code);
    }
}
