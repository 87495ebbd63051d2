using System.Collections.Concurrent;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A connection string parsed once and shared by every connection that uses the same text (as MySqlConnector and
/// Npgsql look their pools up by the string): a pooled open then parses nothing, sorts nothing and builds no pool key.
/// The builder is never changed after parsing (HanaConnection only reads it), so sharing it across threads is safe.
/// </summary>
internal sealed class ParsedConnectionString
{
    // bounded: an application that builds a new connection string per call (a password rotated per open, say) gets
    // the parse it had before instead of an ever-growing cache
    private const int Capacity = 512;
    private static readonly ConcurrentDictionary<string, ParsedConnectionString> s_parsed = new(StringComparer.Ordinal);

    public static readonly ParsedConnectionString Empty = new(new HanaConnectionStringBuilder());

    private string? _poolKey;
    private IReadOnlyList<string>? _ignoredKeys;

    private ParsedConnectionString(HanaConnectionStringBuilder builder)
    {
        Builder = builder;
    }

    /// <summary>The parsed keys; read only (never set a key on it: other connections share it).</summary>
    public HanaConnectionStringBuilder Builder { get; }

    /// <summary>The pool registry's key of the connection string (its keys normalised and sorted).</summary>
    public string PoolKey => _poolKey ??= ConnectionPoolRegistry.Key(Builder);

    /// <summary>The keys accepted without effect (logged once per data source).</summary>
    public IReadOnlyList<string> IgnoredKeys => _ignoredKeys ??= Builder.IgnoredKeys;

    /// <summary>The parse of <paramref name="connectionString"/>; a malformed one throws as the builder does, every time.</summary>
    public static ParsedConnectionString Get(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return Empty;
        }
        if (s_parsed.TryGetValue(connectionString!, out var parsed))
        {
            return parsed;
        }
        parsed = new ParsedConnectionString(new HanaConnectionStringBuilder(connectionString));
        if (s_parsed.Count < Capacity)
        {
            s_parsed.TryAdd(connectionString!, parsed);
        }
        return parsed;
    }
}
