using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>COMMIT or ROLLBACK (§9.4): one round trip, no parts.</summary>
internal sealed class TransactionEnd : OneRequestWorkflow<bool>
{
    private readonly MessageType _type;

    private TransactionEnd(MessageType type, TimeSpan timeout)
        : base(timeout)
    {
        _type = type;
    }

    public static TransactionEnd Commit(TimeSpan timeout) => new(MessageType.Commit, timeout);

    public static TransactionEnd Rollback(TimeSpan timeout) => new(MessageType.Rollback, timeout);

    public override Request? SingleRequest(ConnectionCore connection) => connection.NewRequest(_type);

    public override void SingleReplied(ConnectionCore connection) => Result = true;
}
