using Driver.Core.Session;
using Driver.Core.Telemetry;

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
    internal sealed class CommandWorkflow : Workflow<ExecuteResult>
    {
        private readonly HanaCommand _command;
        private readonly CommandKind _kind;
        private readonly IEnumerable<object?[]>? _rows;
        private readonly DbOperation? _operation;

        public CommandWorkflow(HanaCommand command, ConnectionCore core, CommandKind kind, IEnumerable<object?[]>? rows)
            : base(TimeSpan.FromSeconds(command.CommandTimeout))
        {
            _command = command;
            Core = core;
            _kind = kind;
            _rows = rows;
            // a statement prepared already is not prepared again, and no operation is traced for it
            _operation = kind == CommandKind.Prepare && command.ReusablePrepared(core) is not null
                ? null
                : CommandTelemetry.Start(command._connection!, core, command._commandText, kind, BatchRows(rows));
        }

        public ConnectionCore Core { get; }

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
            if (command.ReusablePrepared(connection) is null)
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
                rows = [command.ParameterRow(statement)];
            }
            var execution = new PreparedExecution(statement, rows, command.AutoCommit, command.EffectiveFetchSize, Timeout);
            foreach (var step in Include(execution, connection))
            {
                yield return step;
            }
            Result = execution.Result;
            if (_kind == CommandKind.Batch)
            {
                Result.ResultSet?.Dispose();
            }
        }

        public override Exception Failed(Exception exception)
        {
            var thrown = base.Failed(exception);
            CommandTelemetry.Failed(_operation, _command._connection!, Core, thrown);
            return thrown;
        }

        public override void Succeeded() => CommandTelemetry.Succeeded(_operation, _command._connection!, Core);
    }
}
