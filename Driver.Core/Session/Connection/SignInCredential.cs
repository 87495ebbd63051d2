namespace Driver.Core.Session;

/// <summary>
/// A password or token a credential provider returned for one physical connection. Never rendered: it exists only
/// to be put into the sign-in's requests.
/// </summary>
internal sealed class SignInCredential
{
    public SignInCredential(string? password, string? token)
    {
        Password = password;
        Token = token;
    }

    public string? Password { get; }

    public string? Token { get; }

    public override string ToString() => Token is null ? "password ********" : "token ********";
}
