using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Mapping;

/// <summary>
/// The compiled mappers of the process, one per (target type, column shape). A reader asks once per target type
/// and keeps the delegate for its rows, so the dictionary is consulted once per query, not per row. Entries are
/// never evicted: an application has as many as it has distinct (type, SELECT list) pairs.
/// </summary>
internal static class RowMapperCache
{
    private static readonly ConcurrentDictionary<(Type Target, string Shape), Delegate> s_mappers = new();

    /// <summary>How many mappers were compiled (for tests that prove reuse).</summary>
    public static int Count => s_mappers.Count;

    public static Func<HanaDataReader, T> Get<
#if NET
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
        T>(HanaDataReader reader)
    {
        var shape = ColumnShape.Of(reader);
        var key = (typeof(T), shape.Key);
        if (s_mappers.TryGetValue(key, out var found))
        {
            return (Func<HanaDataReader, T>)found;
        }
        // compiled outside GetOrAdd's lock-free retry: a race compiles twice and keeps the first
        return (Func<HanaDataReader, T>)s_mappers.GetOrAdd(key, RowMapperCompiler.Compile<T>(shape));
    }
}
