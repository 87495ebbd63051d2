using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// Which types a contender allocates in the measured section, when the environment variable HARNESS_ALLOC_TYPES
/// is set: the runtime's GCAllocationTick event fires about once per 100 KB allocated and names the type of the
/// allocation that crossed the mark, so the counts are a size-weighted sample. Printed to standard error.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, int> _types = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start() => _on = true;

    public void StopAndReport(TextWriter output)
    {
        _on = false;
        foreach (var (type, count) in _types.OrderByDescending(pair => pair.Value))
        {
            output.WriteLine($"{count,6} {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_on && eventData.EventName is { } name && name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            var index = eventData.PayloadNames!.IndexOf("TypeName");
            var type = index >= 0 ? eventData.Payload![index]?.ToString() ?? "?" : "?";
            _types.AddOrUpdate(type, 1, (_, count) => count + 1);
        }
    }
}
