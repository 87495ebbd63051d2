#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Picks the node a new session opens on (docs/scale-out.md): asked for attempt 0, 1, ... until it returns null or
/// every candidate was named; a node it names that is marked down, or was already named, is passed over, and the
/// candidates it never named are tried after its choices (down ones last). Set it with
/// <see cref="HanaDataSourceBuilder.UseHostSelectionPolicy"/>; built-in policies are in <see cref="HanaHostSelection"/>.
/// Called on the opening thread, once per attempt, with no lock held: keep it quick and thread-safe.
/// </summary>
public interface IHanaHostSelectionPolicy
{
    /// <summary>The node for attempt <paramref name="attempt"/> (0-based) of <paramref name="query"/>, or null to leave the rest to the default order.</summary>
    HanaNode? Node(HanaQueryInfo query, int attempt);
}
