using System.Runtime.InteropServices;
using SharpFuzz.Common;

namespace Driver.ParserFuzz;

/// <summary>
/// Edge coverage for the in-process loop: SharpFuzz's instrumentation of Driver.Sync.dll (see --instrument) bumps
/// AFL's 64 KiB edge map through <see cref="Trace.SharedMem"/>; here that map is our own memory, read after every
/// execution with AFL's hit-count buckets, so an input that reaches a new edge or a new count class is kept.
/// Without instrumentation the map stays empty and nothing is ever "new".
/// </summary>
internal sealed unsafe class CoverageMap : IDisposable
{
    private const int Size = 1 << 16;
    private readonly byte* _trace;
    private readonly byte[] _seen = new byte[Size];

    public CoverageMap()
    {
        _trace = (byte*)NativeMemory.AllocZeroed(Size);
        Trace.SharedMem = _trace;
        Trace.PrevLocation = 0;
    }

    public int EdgeCount { get; private set; }

    public void Reset()
    {
        NativeMemory.Clear(_trace, Size);
        Trace.PrevLocation = 0;
    }

    /// <summary>Whether the last execution hit an edge, or an edge count class, never seen before.</summary>
    public bool HasNewEdges()
    {
        var found = false;
        var words = (ulong*)_trace;
        for (var w = 0; w < Size / 8; w++)
        {
            if (words[w] == 0)
            {
                continue;
            }
            for (var i = w * 8; i < w * 8 + 8; i++)
            {
                var hits = _trace[i];
                if (hits == 0)
                {
                    continue;
                }
                var bucket = Bucket(hits);
                if ((_seen[i] & bucket) != bucket)
                {
                    if (_seen[i] == 0)
                    {
                        EdgeCount++;
                    }
                    _seen[i] |= bucket;
                    found = true;
                }
            }
        }
        return found;
    }

    /// <summary>AFL's classes: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.</summary>
    private static byte Bucket(byte hits) => hits switch
    {
        1 => 1,
        2 => 2,
        3 => 4,
        <= 7 => 8,
        <= 15 => 16,
        <= 31 => 32,
        <= 127 => 64,
        _ => 128,
    };

    public void Dispose()
    {
        Trace.SharedMem = null;
        NativeMemory.Free(_trace);
    }
}
