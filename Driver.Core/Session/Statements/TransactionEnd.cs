using Driver.Core.Protocol;

namespace Driver.Core.Session;

/// <summary>COMMIT or ROLLBACK (§9.4): one round trip, no parts.</summary>
internal sealed class TransactionEnd : Workflow<bool>
{
    private readonly MessageType _type;

    private TransactionEnd(MessageType type, TimeSpan timeout)
        : base(timeout)
    {
        _type = type;
    }

    public static TransactionEnd Commit(TimeSpan timeout) => new(MessageType.Commit, timeout);

    public static TransactionEnd Rollback(TimeSpan timeout) => new(MessageType.Rollback, timeout);

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        yield return Step.Send(connection.NewRequest(_type));
        Result = true;
    }
}
