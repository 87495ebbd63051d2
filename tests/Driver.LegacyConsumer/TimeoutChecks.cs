using System;
using System.Data;
using System.Diagnostics;
using System.Threading;
using Driver.Sync;

namespace Driver.LegacyConsumer;

/// <summary>
/// What legacy apps do with slow statements (docs/reliability.md, "the statement is slow"): a CommandTimeout that
/// expires and DbCommand.Cancel() from another thread. Both cancel on the server, end with HanaException 139, and
/// leave the connection Open and usable. The test server runs in its own process here (no fault injection), so the
/// statement is made slow by work: the same cross product the test server's CancelSessionTests use.
/// </summary>
public static class TimeoutChecks
{
    /// <summary>Minutes of work that no optimizer shortcut removes (a sum over a 4·10^10-row cross product).</summary>
    private const string LongQuery =
        "SELECT SUM(A.GENERATED_PERIOD_START * B.GENERATED_PERIOD_START) FROM SERIES_GENERATE_INTEGER(1, 0, 200000) A, SERIES_GENERATE_INTEGER(1, 0, 200000) B";

    /// <summary>HANA's "current operation cancelled by request".</summary>
    private const int Cancelled = 139;

    /// <summary>CommandTimeout = 1 on the long query: HanaException 139 naming the timeout within 1 s + the 10-s grace period; the connection stays usable.</summary>
    public static string CommandTimeout(string connectionString)
    {
        using var connection = new HanaConnection(connectionString);
        connection.Open();
        using var command = new HanaCommand(LongQuery, connection) { CommandTimeout = 1 };
        var clock = Stopwatch.StartNew();
        var error = Catch(() => command.ExecuteScalar());
        clock.Stop();
        if (error is not HanaException { Code: Cancelled } hana || hana is HanaConnectionException || !hana.Message.Contains("Command Timeout"))
        {
            throw new InvalidOperationException($"expected HanaException {Cancelled} naming the Command Timeout, got {Describe(error)}");
        }
        // T + Cancel Grace Period (default 10 s) bounds the call; a few seconds more for a loaded CI machine
        if (clock.Elapsed < TimeSpan.FromSeconds(0.9) || clock.Elapsed > TimeSpan.FromSeconds(15))
        {
            throw new InvalidOperationException($"the 1-s Command Timeout ended the call after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        ExpectUsable(connection);
        return $"CommandTimeout 1 s: HanaException {hana.Code} after {clock.Elapsed.TotalSeconds:0.0} s, connection Open and usable";
    }

    /// <summary>DbCommand.Cancel() from another thread while ExecuteScalar runs: HanaException 139; the connection stays usable.</summary>
    public static string Cancel(string connectionString)
    {
        using var connection = new HanaConnection(connectionString);
        connection.Open();
        using var command = new HanaCommand(LongQuery, connection) { CommandTimeout = 120 };
        Exception? error = null;
        var completed = false;
        var running = new Thread(() =>
        {
            error = Catch(() => command.ExecuteScalar());
            completed = error is null;
        }) { IsBackground = true };
        var clock = Stopwatch.StartNew();
        running.Start();
        // a Cancel() before the statement is on the wire finds nothing to cancel (a no-op): repeat until it ends
        var cancels = 0;
        while (running.IsAlive && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(250);
            ((IDbCommand)command).Cancel();
            cancels++;
            running.Join(250);
        }
        if (!running.Join(TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException($"the statement still ran {clock.Elapsed.TotalSeconds:0} s after {cancels} Cancel() calls");
        }
        if (completed || error is not HanaException { Code: Cancelled } hana || hana is HanaConnectionException)
        {
            throw new InvalidOperationException($"expected HanaException {Cancelled}, got {(completed ? "a result" : Describe(error))}");
        }
        ExpectUsable(connection);
        return $"Cancel() from another thread: HanaException {hana.Code} after {clock.Elapsed.TotalSeconds:0.0} s ({cancels} call(s)), connection Open and usable";
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static string Describe(Exception? error) => error is null ? "no exception" : $"{error.GetType().FullName}: {error.Message}";

    private static void ExpectUsable(HanaConnection connection)
    {
        using var next = new HanaCommand("SELECT * FROM DUMMY", connection);
        var value = next.ExecuteScalar();
        if (connection.State != ConnectionState.Open || !"X".Equals(value))
        {
            throw new InvalidOperationException($"after the cancel: state {connection.State}, SELECT * FROM DUMMY gave {value}");
        }
    }
}
