using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

/// <summary>A private engine and one session per test class instance (xunit creates one instance per test).</summary>
public abstract class EngineTestBase : IDisposable
{
    protected EngineTestBase()
    {
        Engine = new HanaEngine();
        Session = Engine.OpenSession("SYSTEM");
    }

    protected HanaEngine Engine { get; }

    protected EngineSession Session { get; }

    /// <summary>Runs a query and returns all rows (boxed).</summary>
    protected List<object?[]> Query(string sql, EngineSession? session = null, bool autoCommit = true)
    {
        var result = (session ?? Session).ExecuteDirect(sql, autoCommit);
        Assert.Equal(StatementKind.Query, result.Kind);
        using var cursor = result.Cursor!;
        return cursor.FetchRows();
    }

    protected object? Scalar(string sql, EngineSession? session = null, bool autoCommit = true) => Query(sql, session, autoCommit)[0][0];

    protected EngineResult Exec(string sql, bool autoCommit = true, EngineSession? session = null)
    {
        var result = (session ?? Session).ExecuteDirect(sql, autoCommit);
        result.Cursor?.Dispose();
        return result;
    }

    protected static EngineException Fails(Action action) => Assert.Throws<EngineException>(action);

    public void Dispose()
    {
        Session.Dispose();
        Engine.Dispose();
        GC.SuppressFinalize(this);
    }
}
