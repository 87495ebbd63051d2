using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// What a command does on the wire, written once for both flavors: the public members only pick the flavor's pump.
public sealed partial class HanaCommand
{
    /// <summary>
    /// Prepare, execute or batch-execute this command: PREPARE when the statement is not prepared yet (§9.1), then
    /// EXECUTEDIRECT (no parameters), EXECUTE with one parameter row, or EXECUTE with many (§6.24); traced as one
    /// operation (docs/telemetry.md).
    /// </summary>
    internal sealed class CommandWorkflow : BoundWorkflow<ExecuteResult>
    {
        private readonly HanaCommand _command;
        private CommandKind _kind;
        private IEnumerable<object?[]>? _rows;
        private DbOperation? _operation;
        // the one-request run (SingleRequest): the statement and row it executes, or none for EXECUTEDIRECT
        private PreparedStatementCore? _singleStatement;
        private object?[][]? _singleRow;
        private object?[][]? _rowOfOne;
        // the upload SingleRequest found (a LOB to stream): the steps run it rather than bind and chunk the row again
        private LobUpload? _upload;

        // the run on a secondary session a routed statement makes (docs/scale-out.md, "Statement routing"): it neither
        // routes nor traces (the outer run does both), and the session it ran on, which the outer run's telemetry names
        private readonly bool _routed;
        private ConnectionCore? _routedTo;

        /// <summary>Kept by its command and reset for each run: a point select allocates no workflow.</summary>
        public CommandWorkflow(HanaCommand command, bool routed = false)
            : base(TimeSpan.Zero)
        {
            _command = command;
            _routed = routed;
        }

        public CommandWorkflow Reset(ConnectionCore core, CommandKind kind, IEnumerable<object?[]>? rows)
        {
            var command = _command;
            Core = core;
            _kind = kind;
            _rows = rows;
            _singleStatement = null;
            _singleRow = null;
            _upload = null;
            _executed = null;
            _routedTo = null;
            _retry = null;
            _staleRetried = false;
            Timeout = TimeSpan.FromSeconds(command.CommandTimeout);
            Result = default!;
            // a statement prepared already is not prepared again, and no operation is traced for it
            _operation = _routed || kind == CommandKind.Prepare && command.ReusablePrepared(core) is not null
                ? null
                : CommandTelemetry.Start(command._connection!, core, command.TracedText, kind, BatchRows(rows));
            return this;
        }

        /// <summary>EXECUTEDIRECT, or EXECUTE of a statement prepared already without a LOB to stream: one request.</summary>
        public override Request? SingleRequest(ConnectionCore connection)
        {
            var command = _command;
            if (_kind != CommandKind.Execute)
            {
                return null;
            }
            if (!command.UsesPreparedStatement(connection))
            {
                return StatementRunner.BuildExecuteDirect(connection, command.ServerSql, command.AutoCommit, command.EffectiveFetchSize);
            }
            // a call's OUT values (and their LOBs, READLOB) are taken by the steps
            if (command.ReusablePrepared(connection) is not { } statement || statement.HasOutputParameters || MayRoute(statement))
            {
                return null;
            }
            // the one-row list and the row of values are the workflow's own, reused run after run
            var row = _rowOfOne ??= new object?[1][];
            row[0] = _values = command.ParameterRow(statement, _values);
            if (LobUpload.Create(statement, row, command.AutoCommit, command.EffectiveFetchSize, Timeout) is { } upload)
            {
                // the upload's steps keep the values for the rest of the run: the next run binds into a row of its own
                _upload = upload;
                _values = null;
                return null;
            }
            _singleStatement = statement;
            _singleRow = row;
            return StatementRunner.BuildExecute(connection, statement, row, command.AutoCommit, command.EffectiveFetchSize);
        }

        // the result of the one-request run, filled anew each run (its reader takes what it needs at once)
        private ExecuteResult? _singleResult;

        public override void SingleReplied(ConnectionCore connection)
        {
            // the result and the cursor of the previous run (its reader closed) are recycled: a point select allocates neither
            var into = _singleResult ??= new ExecuteResult();
            var spare = _command.SpareResultSet;
            Result = _singleStatement is { } statement
                ? StatementRunner.ReadExecuteReply(connection, Reply, statement, _command.EffectiveFetchSize, StatementRunner.ParameterRows(statement, _singleRow!), Timeout, into, spare)
                : StatementRunner.ReadExecuteReply(connection, Reply, null, _command.EffectiveFetchSize, timeout: Timeout, into: into, spare: spare);
            // the values are the caller's: not kept past the run
            _rowOfOne?[0] = null!;
            ForgetValues();
        }

        // the row of values the one-request run binds into, emptied after each run
        private object?[]? _values;

        private void ForgetValues()
        {
            if (_values is { } values)
            {
                Array.Clear(values, 0, values.Length);
            }
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            var command = _command;
            Result = new ExecuteResult();
            if (_kind == CommandKind.Execute && !command.UsesPreparedStatement(connection))
            {
                yield return Step.Send(StatementRunner.BuildExecuteDirect(connection, command.ServerSql, command.AutoCommit, command.EffectiveFetchSize));
                Result = StatementRunner.ReadExecuteReply(connection, Reply, null, command.EffectiveFetchSize, timeout: Timeout);
                yield break;
            }
            // a parameterless Prepare or batch asks the session's statement cache here (ReusablePrepared asked for the others)
            if (command.ReusablePrepared(connection) is null && (command._prepared = command.Parameters.Count == 0 ? connection.CachedStatement(command.ServerSql) : null) is null)
            {
                var preparation = new Preparation(command.ServerSql, Timeout);
                foreach (var step in Include(preparation, connection))
                {
                    yield return step;
                }
                command._prepared = preparation.Result;
            }
            var statement = command._prepared!;
            if (_kind == CommandKind.Prepare)
            {
                yield break;
            }
            if (MayRoute(statement) && Route(statement) is { } routed)
            {
                // on the node that holds the table: the statement is prepared there and runs there (docs/scale-out.md)
                foreach (var step in routed)
                {
                    yield return step;
                }
                yield break;
            }
            foreach (var step in Execute(connection, statement))
            {
                yield return step;
            }
        }

        /// <summary>EXECUTE of <paramref name="statement"/>, prepared on <paramref name="connection"/>, with the command's rows (§6.24).</summary>
        private IEnumerable<Step> Execute(ConnectionCore connection, PreparedStatementCore statement)
        {
            var command = _command;
            IReadOnlyList<object?[]> rows;
            if (_kind == CommandKind.Batch)
            {
                CheckBatchable(statement);
                rows = command.MaterializeRows(statement, _rows!);
                if (rows.Count == 0)
                {
                    yield break;
                }
            }
            else
            {
                rows = [_upload is not null ? _rowOfOne![0] : command.ParameterRow(statement)];
            }
            var execution = new PreparedExecution(statement, rows, command.AutoCommit, command.EffectiveFetchSize, Timeout, _upload);
            _upload = null;
            _rowOfOne?[0] = null!;
            foreach (var step in Include(execution, connection))
            {
                yield return step;
            }
            Result = execution.Result;
            if (_kind == CommandKind.Batch)
            {
                Result.DisposeResultSets();
            }
            else if (Result.OutputParameters is { } outputs)
            {
                // LOB outputs are read whole before the values are handed out (docs/procedures.md)
                _executed = Result;
                foreach (var (_, read) in outputs.PendingLobs)
                {
                    foreach (var step in Include(read, connection))
                    {
                        yield return step;
                    }
                }
                _executed = null;
                command.ApplyOutputs(Result);
            }
        }

        /// <summary>
        /// Whether <paramref name="statement"/>, prepared on the anchor session, is one to put to the router: its PREPARE
        /// reply named volumes (TABLELOCATION, §6.19), no transaction runs, the connection routes, and it was not
        /// decided for already (a statement that stays on the anchor is asked about once, not per execution).
        /// </summary>
        private bool MayRoute(PreparedStatementCore statement)
        {
            var command = _command;
            return !_routed && statement.TableVolumes.Length > 0 && !ReferenceEquals(command._stayed, statement) && command.AutoCommit
                && command._connection!.Router is { } router && !router.Owns(statement.Connection);
        }

        /// <summary>
        /// The steps that run the statement on the node the router chooses, or null when it stays on the anchor: the
        /// anchor's own node chosen, no node, or a secondary session that could not be opened (the statement then
        /// runs on the anchor; docs/scale-out.md says so).
        /// </summary>
        private IEnumerable<Step>? Route(PreparedStatementCore statement)
        {
            var command = _command;
            var router = command._connection!.Router!;
            command._stayed = statement;
            if (router.Choose(command.CommandText, statement.TableVolumes) is not { } node)
            {
                return null;
            }
            return RouteTo(router, node);
        }

        private IEnumerable<Step> RouteTo(StatementRouter router, HanaNode node)
        {
            var command = _command;
            var target = router.Session(node);
            if (target is null)
            {
                var open = new SecondaryOpen(router.Opening(node));
                foreach (var step in open.Steps(this))
                {
                    yield return step;
                }
                if (open.Session is { } opened)
                {
                    router.Opened(node, opened);
                    target = opened;
                }
                else
                {
                    router.OpenFailed(node);
                }
            }
            if (target is null)
            {
                // the node cannot be reached: the anchor runs it (the steps below are the anchor's ordinary run)
                foreach (var step in OnAnchor())
                {
                    yield return step;
                }
                yield break;
            }
            _routedTo = target;
            // metrics and traces name the node the statement ran on (docs/scale-out.md, docs/code-examples.md)
            _operation?.SetServer(target.Host, target.Port);
            target.Owner = command;
            var run = new RunOnSession<ExecuteResult>(target, (command._routedWorkflow ??= new CommandWorkflow(command, routed: true)).Reset(target, _kind, _rows));
            yield return Step.Read(run);
            Result = run.Result;
        }

        /// <summary>The anchor's run of a statement prepared there (a routing that fell back).</summary>
        private IEnumerable<Step> OnAnchor() => Execute(Core, _command._prepared!);

        // the result of an execution whose output LOBs are being read: its cursors are released if a read fails
        private ExecuteResult? _executed;

        public override Exception Failed(Exception exception)
        {
            _executed?.DisposeResultSets();
            _executed = null;
            _command._callBinding = null;
            ForgetValues();
            var thrown = exception is HanaBatchException failure && _singleRow is { } row && failure.RowsAffected.Count != row.Length
                ? StatementRunner.MismatchedBatch(failure, row.Length)
                : base.Failed(exception);
            if (!_routed)
            {
                // a routed run's failure is told once, by the outer run, naming the session it happened on
                CommandTelemetry.Failed(_operation, _command._connection!, _routedTo ?? Core, thrown);
            }
            return thrown;
        }

        public override void Succeeded()
        {
            if (!_routed)
            {
                CommandTelemetry.Succeeded(_operation, _command._connection!, _routedTo ?? Core);
            }
        }

        // a statement retry on a broken connection (docs/scale-out.md): decided once per execution by StatementRetry
        private StatementRetry? _retry;

        public override SessionsWorkflow<ConnectionCore>? RetryAfter(ConnectionCore session, Exception exception)
        {
            if (!_routed && !_staleRetried && _command._prepared is { } statement && StaleStatementRetry.Applies(statement, session, exception))
            {
                // a cached statement the server no longer knows: dropped, prepared again, run once more (StatementCache)
                _staleRetried = true;
                statement.IsInvalid = true;
                _command.ReleasePrepared();
                return new StaleStatementRetry(session);
            }
            return !_routed && _kind == CommandKind.Execute && _command._connection is { } connection
                ? (_retry ??= new StatementRetry(connection)).After(session, exception, _command.CommandText, _command.IsIdempotent, _command.Parameters)
                : null;
        }

        private bool _staleRetried;

        public override void Retrying(ConnectionCore session)
        {
            Core = session;
            // the rerun starts over on the new session: prepared again, routed again (a routed session that broke is
            // passed over by the router, which marks its node down)
            _routedTo = null;
            (_singleStatement, _singleRow, _upload, _executed) = (null, null, null, null);
        }
    }
}
