using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Driver.Tests.Reliability;

/// <summary>
/// One session of the hostile suite, written once for both flavors over the ADO.NET base classes: open, the
/// 300-row SELECT (several FETCHNEXT pages), a prepared INSERT, close. Each flavor supplies the I/O calls, blocking
/// (<see cref="SyncHostileScenario"/>) or awaited (<see cref="AsyncHostileScenario"/>), and says which exceptions it
/// documents.
/// </summary>
public abstract class HostileScenario
{
    public static readonly HostileScenario Sync = new SyncHostileScenario();
    public static readonly HostileScenario Async = new AsyncHostileScenario();

    public abstract string Name { get; }

    /// <summary>Runs the session; Driver.Sync on a thread of its own (so its allocations are that thread's).</summary>
    public abstract Task<SessionRun> RunAsync(string connectionString, int key);

    /// <summary>
    /// HanaException and its subclasses. The scenario passes no token, so an OperationCanceledException cannot come
    /// from a cancelled token and is raw.
    /// </summary>
    public abstract bool IsDocumented(Exception exception);

    public abstract bool IsConnectionException(Exception exception);

    public abstract DbConnection Create(string connectionString);

    public abstract int ConnectionId(DbConnection connection);

    public abstract void ClearPool(DbConnection connection);

    protected abstract Task Open(DbConnection connection);
    protected abstract Task Close(DbConnection connection);
    protected abstract Task<DbDataReader> ExecuteReader(DbCommand command);
    protected abstract Task<bool> Read(DbDataReader reader);
    protected abstract Task<byte[]> GetBytes(DbDataReader reader, int ordinal);
    protected abstract Task CloseReader(DbDataReader reader);
    protected abstract Task Prepare(DbCommand command);
    protected abstract Task<int> ExecuteNonQuery(DbCommand command);
    protected abstract Task<object?> ExecuteScalar(DbCommand command);

    /// <summary>The session's body, the same for both flavors.</summary>
    protected async Task Body(string connectionString, int key, SessionRun run)
    {
        var connection = Create(connectionString);
        var keep = false;
        try
        {
            await Open(connection);
            run.ConnectionId = ConnectionId(connection);
            run.Stage = "select";
            using (var select = connection.CreateCommand())
            {
                select.CommandText = HostileData.Select;
                var reader = await ExecuteReader(select);
                try
                {
                    run.Stage = "fetch";
                    while (await Read(reader))
                    {
                        run.Rows.Add(HostileData.Canonical(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3), await GetBytes(reader, 4)));
                    }
                }
                finally
                {
                    await CloseReader(reader);
                }
            }
            run.Stage = "prepare";
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = HostileData.Insert;
                insert.Parameters.Add(Parameter(insert, key));
                insert.Parameters.Add(Parameter(insert, $"session {key}"));
                insert.Parameters.Add(Parameter(insert, key / 4m));
                await Prepare(insert);
                run.Stage = "insert";
                run.RowsAffected = await ExecuteNonQuery(insert);
            }
            run.Stage = "close";
            await Close(connection);
            run.Stage = "done";
        }
        catch (Exception exception)
        {
            run.Error = exception;
            // without pooling, the faulted object itself is what must not be reused: the harness checks it
            keep = !connectionString.Contains("Pooling=true", StringComparison.OrdinalIgnoreCase);
            if (keep)
            {
                run.Faulted = connection;
            }
        }
        finally
        {
            if (!keep)
            {
                // a failed Close of a broken connection is not the session's result
                try
                {
                    await Close(connection);
                }
                catch (Exception exception) when (run.Error is null)
                {
                    run.Error = exception;
                }
                catch (Exception)
                {
                }
            }
        }
    }

    /// <summary>
    /// The check that a connection which saw a fault is never used out of step: a SELECT whose answer cannot come
    /// from an earlier reply (a literal unique to the check). Null when the answer is right or the connection
    /// refuses with a connection exception; otherwise what went wrong.
    /// </summary>
    public async Task<string?> CheckInStep(DbConnection connection, int token, bool mayRefuse)
    {
        try
        {
            if (connection.State != ConnectionState.Open)
            {
                if (mayRefuse)
                {
                    // a faulted connection that says Broken or Closed is not used out of step
                    return null;
                }
                try
                {
                    await Open(connection);
                }
                catch (Exception exception) when (IsConnectionException(exception))
                {
                    // the pool handed out no session and a new one could not sign in in time (a loaded machine):
                    // nothing was reused; an idle session handed out again fails below, at the SELECT, not here
                    return null;
                }
            }
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT 'check {token}', COUNT(*) FROM HOSTILE_ROWS";
            var reader = await ExecuteReader(command);
            try
            {
                if (!await Read(reader))
                {
                    return "the check SELECT returned no row";
                }
                var text = reader.GetString(0);
                var count = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                if (text != $"check {token}" || count != HostileData.RowCount)
                {
                    return $"the check SELECT returned '{text}', {count}";
                }
                return await Read(reader) ? "the check SELECT returned a second row" : null;
            }
            finally
            {
                await CloseReader(reader);
            }
        }
        catch (Exception exception) when (mayRefuse && IsConnectionException(exception))
        {
            return null;
        }
        catch (Exception exception)
        {
            return $"the check failed: {exception.GetType().Name}: {exception.Message}";
        }
    }

    public Task Dispose(DbConnection connection) => Close(connection);

    private static DbParameter Parameter(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value;
        return parameter;
    }

    public override string ToString() => Name;
}
