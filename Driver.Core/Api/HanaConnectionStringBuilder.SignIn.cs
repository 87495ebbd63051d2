#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The sign-in keys beyond user and password (docs/sign-in.md), kept apart from the general keys.
public sealed partial class HanaConnectionStringBuilder
{
    private static Dictionary<string, string> WithSignInKeys(Dictionary<string, string> synonyms)
    {
        synonyms["Token"] = HanaConnectionStringKeys.Token;
        synonyms["JWT"] = HanaConnectionStringKeys.Token;
        return synonyms;
    }

    /// <summary>Keys whose values are never shown: the password and every token.</summary>
    internal static bool IsSecret(string key) => key is HanaConnectionStringKeys.Password or HanaConnectionStringKeys.Token;

    /// <summary>
    /// A JSON Web Token to sign in with (method JWT, §8.4): the server maps it to its database user, so UserName may
    /// stay empty. Offered before SCRAM when a password is given too. Never shown by <see cref="ToString"/>.
    /// </summary>
    public string? Token { get => GetString(HanaConnectionStringKeys.Token); set => this[HanaConnectionStringKeys.Token] = value; }
}
