namespace Driver.Soak;

/// <summary>What one worker is doing right now, watched by the hang watchdog.</summary>
internal sealed class WorkerSlot(int index, SoakFlavor flavor)
{
    private long _startedTicks;
    private int _hangFlagged;

    public int Index { get; } = index;

    public SoakFlavor Flavor { get; } = flavor;

    public SoakOperation Operation { get; private set; }

    public SoakWorkload? Workload { get; set; }

    /// <summary>True once the worker's loop has ended.</summary>
    public volatile bool Finished;

    public void Begin(SoakOperation operation, long nowTicks)
    {
        Operation = operation;
        Volatile.Write(ref _hangFlagged, 0);
        Volatile.Write(ref _startedTicks, nowTicks);
    }

    /// <summary>Marks the call done; true when the watchdog had already called it a hang.</summary>
    public bool End()
    {
        Volatile.Write(ref _startedTicks, 0);
        return Volatile.Read(ref _hangFlagged) != 0;
    }

    /// <summary>Start of the call in progress (Stopwatch ticks), 0 when idle.</summary>
    public long StartedTicks => Volatile.Read(ref _startedTicks);

    /// <summary>Flags the call in progress as hung, once; false when it was already flagged.</summary>
    public bool TryFlagHang() => Interlocked.Exchange(ref _hangFlagged, 1) == 0;
}
