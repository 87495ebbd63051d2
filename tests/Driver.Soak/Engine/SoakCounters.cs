using System.Collections.Concurrent;

namespace Driver.Soak;

/// <summary>Outcomes by flavor × operation × class, the documented exceptions by kind, and the notable calls.</summary>
internal sealed class SoakCounters
{
    private const int MaxEvents = 500;

    private static readonly int Operations = Enum.GetValues<SoakOperation>().Length;
    private static readonly int Outcomes = Enum.GetValues<Outcome>().Length;

    private readonly long[] _counts = new long[2 * Operations * Outcomes];
    private readonly ConcurrentQueue<SoakEvent> _events = new();
    private int _eventCount;

    /// <summary>Documented exceptions by flavor, type and error code.</summary>
    public ConcurrentDictionary<string, long> DocumentedKinds { get; } = new();

    /// <summary>Documented exceptions by flavor, type, error code and call, with the first message seen.</summary>
    public ConcurrentDictionary<string, (long Count, string Example)> DocumentedByCall { get; } = new();

    /// <summary>Hangs whose call completed after all, and how long it took.</summary>
    public ConcurrentQueue<string> LateCompletions { get; } = new();

    public IReadOnlyCollection<SoakEvent> Events => _events;

    public void Add(bool isAsync, SoakOperation operation, Outcome outcome) =>
        Interlocked.Increment(ref _counts[Index(isAsync, operation, outcome)]);

    public long Get(bool isAsync, SoakOperation operation, Outcome outcome) =>
        Interlocked.Read(ref _counts[Index(isAsync, operation, outcome)]);

    public long Total(Outcome outcome)
    {
        long total = 0;
        foreach (var isAsync in new[] { false, true })
        {
            foreach (var operation in Enum.GetValues<SoakOperation>())
            {
                total += Get(isAsync, operation, outcome);
            }
        }
        return total;
    }

    /// <summary>Calls that ended (a hang is counted once, when seen, not again when it completes).</summary>
    public long Calls => Total(Outcome.Success) + Total(Outcome.Documented) + Total(Outcome.Raw) + Total(Outcome.Wrong) + Total(Outcome.Hang);

    public void AddEvent(SoakEvent soakEvent)
    {
        // the first ones tell the story; a flood would only cost memory (and flatten nothing)
        if (Interlocked.Increment(ref _eventCount) <= MaxEvents)
        {
            _events.Enqueue(soakEvent);
        }
    }

    private static int Index(bool isAsync, SoakOperation operation, Outcome outcome) =>
        ((isAsync ? 1 : 0) * Operations + (int)operation) * Outcomes + (int)outcome;
}
