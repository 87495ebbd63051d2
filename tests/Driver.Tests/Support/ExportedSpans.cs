using System.Collections;
using System.Diagnostics;

namespace Driver.Tests.Support;

/// <summary>
/// The spans an in-memory exporter collects, safe to add to from any thread: listeners are process-global, so
/// spans of tests running in parallel (other servers) are exported into it too, concurrently. Read it with
/// <see cref="Of"/>, which keeps one test server's spans.
/// </summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = new();

    /// <summary>The spans whose server.port is <paramref name="port"/>, as a snapshot.</summary>
    public List<Activity> Of(int port)
    {
        lock (_spans)
        {
            return _spans.Where(span => Equals(span.GetTagItem("server.port"), port)).ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
