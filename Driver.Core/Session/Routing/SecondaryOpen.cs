#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// The steps of a secondary session's <see cref="SessionOpening"/> run inside a statement's workflow (routing,
/// docs/scale-out.md), with one difference from <c>Include</c>: an open that fails with a
/// <see cref="HanaException"/> (refused, unreachable, signed-in refused) does not fail the statement; it is kept in
/// <see cref="Failure"/> and the statement runs on the anchor session. A cancel still ends the statement.
/// </summary>
internal sealed class SecondaryOpen
{
    private readonly SessionOpening _opening;

    public SecondaryOpen(SessionOpening opening)
    {
        _opening = opening;
    }

    /// <summary>The opened session, or null when the open failed.</summary>
    public ConnectionCore? Session { get; private set; }

    /// <summary>Why the open failed; null when it succeeded.</summary>
    public HanaException? Failure { get; private set; }

    /// <summary>Yields the open's steps; <paramref name="outer"/> is the workflow the pump runs, whose replies and step failures the open reads.</summary>
    public IEnumerable<Step> Steps(Workflow outer)
    {
        using var steps = _opening.Steps(null!).GetEnumerator();
        while (true)
        {
            var more = false;
            try
            {
                more = steps.MoveNext();
            }
            catch (HanaException failure)
            {
                Failure = failure;
            }
            if (!more)
            {
                break;
            }
            yield return steps.Current;
            _opening.Reply = outer.Reply;
            _opening.StepFailure = outer.StepFailure;
        }
        if (Failure is null)
        {
            Session = _opening.Result;
        }
    }
}
