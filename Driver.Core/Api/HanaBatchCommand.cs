#if NET6_0_OR_GREATER
using System.Data;
using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// One statement of a <see cref="HanaBatch"/>: text with positional <c>?</c> or named <c>:name</c> / <c>@name</c>
/// markers and its parameters, bound as for <see cref="HanaCommand"/>. After the batch ran,
/// <see cref="RecordsAffected"/> holds what this statement did.
/// </summary>
public sealed class HanaBatchCommand : DbBatchCommand
{
    /// <summary>Creates a batch command without text.</summary>
    public HanaBatchCommand()
    {
    }

    /// <summary>Creates a batch command with text.</summary>
    public HanaBatchCommand(string commandText)
    {
        Command.CommandText = commandText;
    }

    /// <summary>
    /// The command that binds and runs this statement: the batch reuses HanaCommand's marker rewriting, parameter
    /// binding and prepared-statement cache instead of a second copy of them. The batch owns its connection and
    /// timeout and releases its prepared statement when the batch is disposed.
    /// </summary>
    internal HanaCommand Command { get; } = new();

    /// <summary>The SQL text (see <see cref="HanaCommand.CommandText"/>).</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText
    {
        get => Command.CommandText;
        set => Command.CommandText = value;
    }

    /// <summary>Only <see cref="System.Data.CommandType.Text"/>; call procedures with <c>CALL name(?, ...)</c>.</summary>
    public override CommandType CommandType
    {
        get => Command.CommandType;
        // a batch binds and counts rows, and writes no OUT values back: procedures run as CALL text (docs/procedures.md)
        set => Command.CommandType = value == CommandType.Text
            ? value
            : throw new NotSupportedException($"A batch command is CommandType.Text only, not {value}; call procedures with CALL name(?, ...).");
    }

    /// <summary>
    /// After the batch ran: the rows this statement changed, inserted or deleted; -1 for a query, and -1 when the
    /// server reported only a total for a batch execution (see <see cref="HanaBatch"/>); 0 before the batch ran,
    /// for statements a failed batch did not reach, and for the failed rows of a batch execution
    /// (<see cref="HanaBatchException"/>).
    /// </summary>
    public override int RecordsAffected => Affected;

    internal int Affected { get; set; }

    /// <summary>The parameters, positional or named as for <see cref="HanaCommand.Parameters"/>.</summary>
    public new HanaParameterCollection Parameters => Command.Parameters;

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Command.Parameters;

#if NET8_0_OR_GREATER
    /// <inheritdoc />
    public override bool CanCreateParameter => true;

    /// <summary>A parameter without name or value (add it to <see cref="Parameters"/>).</summary>
    public override DbParameter CreateParameter() => new HanaParameter();
#endif
}
#endif
