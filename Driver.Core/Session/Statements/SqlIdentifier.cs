namespace Driver.Core.Session;

/// <summary>
/// A name written into SQL text the driver builds (SET SCHEMA, SAVEPOINT, a bulk copy's INSERT, a CALL's named
/// arguments, the command builder's statements): HANA's delimited identifier, in double quotes with a double quote
/// doubled, so any name is taken as it is spelled.
/// </summary>
internal static class SqlIdentifier
{
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
