using Driver.Core.Auth;

namespace Driver.TestServer.Protocol;

/// <summary>The AUTHENTICATION part of an AUTHENTICATE request: <c>[user, method₁, data₁, method₂, data₂, …]</c> (§8.1).</summary>
internal sealed class AuthenticateRequest
{
    public AuthenticateRequest(byte[] user, IReadOnlyList<AuthMethodData> offers)
    {
        User = user;
        Offers = offers;
    }

    /// <summary>The user name bytes as sent (may be empty, e.g. for JWT).</summary>
    public byte[] User { get; }

    public string UserName => AuthPayloads.DecodeText(User);

    public IReadOnlyList<AuthMethodData> Offers { get; }

    /// <summary>The offer for <paramref name="method"/>, or null when the client did not offer it.</summary>
    public AuthMethodData? FindOffer(ScramMethod method)
    {
        foreach (var offer in Offers)
        {
            if (offer.TryGetScramMethod(out var offered) && offered == method)
            {
                return offer;
            }
        }
        return null;
    }

    /// <summary>The offer of the method named <paramref name="name"/> (ASCII), or null when the client did not offer it.</summary>
    public AuthMethodData? FindOffer(string name)
    {
        foreach (var offer in Offers)
        {
            if (offer.Method == name)
            {
                return offer;
            }
        }
        return null;
    }

    public override string ToString() => $"AUTHENTICATE {UserName} [{string.Join(", ", Offers.Select(o => o.Method))}]";
}
