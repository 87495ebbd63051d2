using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

public sealed class EngineErrorTests : EngineTestBase
{
    [Fact]
    public void SyntaxErrorIs257WithThePositionInTheOriginalText()
    {
        var e = Fails(() => Exec("SELEC * FROM DUMMY"));
        Assert.Equal(257, e.Code);
        Assert.Equal(1, e.Position);
        Assert.Contains("syntax error", e.Message);

        // the rewriter changes text before the error (CREATE COLUMN TABLE → CREATE TABLE); positions still match the client's SQL
        const string sql = "CREATE COLUMN TABLE T1 (A INTEGER,, B INTEGER)";
        e = Fails(() => Exec(sql));
        Assert.Equal(257, e.Code);
        Assert.Equal(sql.IndexOf(",,", StringComparison.Ordinal) + 2, e.Position);
        Assert.Equal("X", Scalar("SELECT * FROM DUMMY")); // the session survives
    }

    [Fact]
    public void InvalidTableNameIs259()
    {
        var e = Fails(() => Exec("SELECT * FROM NO_SUCH_TABLE"));
        Assert.Equal(259, e.Code);
        Assert.Equal(15, e.Position);
        Assert.Equal(259, Fails(() => Exec("DROP TABLE NO_SUCH_TABLE")).Code);
    }

    [Fact]
    public void InvalidColumnNameIs260()
    {
        Exec("CREATE TABLE E1 (A INTEGER)");
        var e = Fails(() => Exec("SELECT A, NOPE FROM E1"));
        Assert.Equal(260, e.Code);
        Assert.Equal(11, e.Position);
    }

    [Fact]
    public void UniqueViolationIs301NotNullIs287()
    {
        Exec("CREATE TABLE E2 (A INTEGER PRIMARY KEY, B NVARCHAR(5) NOT NULL)");
        Exec("INSERT INTO E2 VALUES (1, 'x')");
        var e = Fails(() => Exec("INSERT INTO E2 VALUES (1, 'y')"));
        Assert.Equal(301, e.Code);
        Assert.Equal("23000", e.SqlState);
        Assert.Equal(287, Fails(() => Exec("INSERT INTO E2 VALUES (2, NULL)")).Code);
    }

    [Fact]
    public void ConversionErrors()
    {
        Assert.Equal(339, Fails(() => Exec("SELECT CAST('abc' AS INTEGER) FROM DUMMY")).Code);
        Assert.Equal(303, Fails(() => Exec("SELECT CAST('2024-13-45' AS DATE) FROM DUMMY")).Code);
        Exec("CREATE TABLE E3 (A INTEGER, D DECIMAL(5,2))");
        using var statement = Session.Prepare("INSERT INTO E3 VALUES (?, ?)");
        Assert.Equal(339, Fails(() => Session.ExecuteRow(statement, ["x", 1m], true)).Code);
        Assert.Equal(314, Fails(() => Session.ExecuteRow(statement, [1, 12345.6m], true)).Code);
        Assert.Equal(314, Fails(() => Session.ExecuteRow(statement, [5_000_000_000L, 1m], true)).Code);
    }

    [Fact]
    public void DuplicateTableIs288()
    {
        Exec("CREATE TABLE E4 (A INTEGER)");
        Assert.Equal(288, Fails(() => Exec("CREATE TABLE E4 (A INTEGER)")).Code);
    }

    [Fact]
    public void UnknownFunctionAndSequence()
    {
        Assert.Equal(328, Fails(() => Exec("SELECT NO_SUCH_FUNCTION(1) FROM DUMMY")).Code);
        Assert.Equal(313, Fails(() => Exec("SELECT NO_SEQ.NEXTVAL FROM DUMMY")).Code);
    }
}
