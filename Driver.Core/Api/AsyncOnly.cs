#if ASYNC
namespace Driver.Core.Api;

/// <summary>
/// The exception thrown by the synchronous I/O members Driver.Async inherits from ADO.NET: they would block a
/// thread, which this package never does, so they name the member to await instead and the package that blocks.
/// </summary>
internal static class AsyncOnly
{
    public static NotSupportedException Member(string member, string asyncMember) =>
        new($"Driver.Async does no blocking I/O: {member} is not supported; await {asyncMember} instead, or use the Driver.Sync package for blocking calls.");
}
#endif
