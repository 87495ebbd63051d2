using Driver.Core.Api;

namespace Driver.Core.Session;

/// <summary>
/// Asking a data source's credential provider for the next physical connection's password or token: the caller's
/// code, possibly I/O (a token endpoint), so it is the flavor's pair like any read of the caller's data, run by the
/// pump before the open (<see cref="SessionOpening"/>).
/// </summary>
internal sealed class CredentialFetch : IFillable
{
    private readonly CredentialProvider _provider;

    public CredentialFetch(CredentialProvider provider)
    {
        _provider = provider;
    }

    public SignInCredential? Credential { get; private set; }

#if SYNC
    public void FillSync() => Credential = _provider.Kept() ?? _provider.Provided(_provider.Call());
#else
    public async ValueTask FillAsync(CancellationToken cancellationToken) =>
        Credential = _provider.Kept() ?? _provider.Provided(await _provider.CallAsync(cancellationToken).ConfigureAwait(false));
#endif
}
