#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>Exceptions for authentication refusals the driver decides on itself (not malformed bytes).</summary>
internal static class AuthErrors
{
    /// <summary>HANA's "authentication failed" code (§8.1 item 3; [G] constant).</summary>
    public const int AuthenticationFailedCode = 10;

    /// <summary>SQLSTATE class 28: invalid authorization specification.</summary>
    public const string AuthenticationFailedSqlState = "28000";

    /// <summary>Creates the exception; <paramref name="message"/> must never contain a password or key material.</summary>
    public static HanaException AuthenticationFailed(string message) =>
        new(message, AuthenticationFailedCode, AuthenticationFailedSqlState, 0, HanaErrorLevel.Fatal);
}
