using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Driver.Core.Api;

/// <summary>
/// The refusal of the synchronous I/O members Driver.Async inherits from ADO.NET: they would block a thread, which
/// that package never does, so they name the member to await instead and the package that blocks.
/// </summary>
/// <remarks>
/// A member whose signature exists in both flavors is written once, outside <c>#if</c>; when it would block, its first
/// statement is <see cref="Refuse"/>. The call is compiled only where <c>ASYNC</c> is defined ([Conditional]): in
/// Driver.Sync it does not exist, so the blocking body runs at no cost; in Driver.Async the member throws before it
/// touches any state. The blocking pump (<c>ConnectionCore.Run</c>) of Driver.Async is a guard that throws the same.
/// </remarks>
internal static class AsyncOnly
{
    public static NotSupportedException Member(string member, string asyncMember) =>
        new($"Driver.Async does no blocking I/O: {member} is not supported; await {asyncMember} instead, or use the Driver.Sync package for blocking calls.");

    /// <summary>Throws in Driver.Async (naming <paramref name="member"/> and its awaitable twin); compiled away in Driver.Sync.</summary>
    [Conditional("ASYNC")]
    public static void Refuse([CallerMemberName] string member = "", string? asyncMember = null) =>
        throw Member(member, asyncMember ?? member + "Async");
}
