using System.Globalization;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The keys SAP documents for Sap.Data.Hana and SQLDBC (ConnectionStringKeyTable): applied ones map onto the
// builder's keys, the others are accepted and named by a one-time warning, and an unknown key is refused with the
// nearest known spelling (typo protection). Apart from the builder's own file so other key work merges cleanly.
public sealed partial class HanaConnectionStringBuilder
{
    /// <summary>
    /// The tenant database (SAP's <c>databaseName</c>): the open asks the Server endpoint (the system database's port)
    /// with DBCONNECTINFO which host and port serve it, and signs in there (§13.3, docs/scale-out.md); at most one
    /// redirect per open.
    /// </summary>
    public string? DatabaseName { get => GetString(ConnectionStringKeyTable.DatabaseName); set => this[ConnectionStringKeyTable.DatabaseName] = value; }

    /// <summary>The keys of this connection string that are accepted without effect, as SAP spells them.</summary>
    internal IReadOnlyList<string> IgnoredKeys
    {
        get
        {
            var ignored = new List<string>();
            foreach (string key in base.Keys)
            {
                // sessionVariable:NAME is applied: sent as CLIENTINFO (HanaConnection.ClientInfo)
                if (ConnectionStringKeyTable.AcceptedSpelling(key) is not null && !ConnectionStringKeyTable.IsSessionVariable(key))
                {
                    ignored.Add(key);
                }
            }
            return ignored;
        }
    }

    /// <summary>Every spelling the builder recognises (without the open-ended sessionVariable:NAME).</summary>
    internal static IEnumerable<string> KnownSpellings =>
        s_synonyms.Keys.Concat(ConnectionStringKeyTable.Mapped.Keys).Concat(ConnectionStringKeyTable.Accepted.Keys);

    // the builder's own table first: a key implemented there wins over the SAP table's entry
    private static bool TryCanonical(string keyword, out string key)
    {
        if (s_synonyms.TryGetValue(keyword, out key!) || ConnectionStringKeyTable.Mapped.TryGetValue(keyword, out key!))
        {
            return true;
        }
        if (ConnectionStringKeyTable.AcceptedSpelling(keyword) is { } spelling)
        {
            key = spelling;
            return true;
        }
        key = string.Empty;
        return false;
    }

    // SQLDBC's communicationTimeout is in milliseconds; the key it maps to is in whole seconds (rounded up, 0 stays 0)
    private static string ConvertUnit(string keyword, string value)
    {
        if (!ConnectionStringKeyTable.MillisecondKeys.Contains(keyword.Trim()))
        {
            return value;
        }
        var milliseconds = ParseInt(keyword.Trim(), value, 0, int.MaxValue);
        return ((milliseconds + 999L) / 1000).ToString(CultureInfo.InvariantCulture);
    }

    private static ArgumentException UnknownKey(string keyword)
    {
        var nearest = ConnectionStringKeyTable.Nearest(keyword.Trim(), KnownSpellings);
        return new ArgumentException(nearest is null
            ? $"Unknown connection string key '{keyword}'. Known keys: {string.Join(", ", s_synonyms.Values.Distinct())} (and SAP's keys, see docs/connection-string.md)."
            : $"Unknown connection string key '{keyword}'. Did you mean '{nearest}'?", nameof(keyword));
    }
}
