namespace Driver.Core.Mapping;

/// <summary>
/// The naming rule of row mapping: a member matches a column whose name is equal ignoring case; failing that, one
/// whose name is equal ignoring case and underscores (CUSTOMER_ID ↔ CustomerId). The first such column wins.
/// </summary>
internal static class ColumnMatcher
{
    public static int Find(string[] columnNames, string memberName)
    {
        for (var i = 0; i < columnNames.Length; i++)
        {
            if (string.Equals(columnNames[i], memberName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        var bare = WithoutUnderscores(memberName);
        for (var i = 0; i < columnNames.Length; i++)
        {
            if (string.Equals(WithoutUnderscores(columnNames[i]), bare, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    public static bool SameName(string a, string b) =>
        string.Equals(WithoutUnderscores(a), WithoutUnderscores(b), StringComparison.OrdinalIgnoreCase);

    private static string WithoutUnderscores(string name) =>
        name.IndexOf('_') < 0 ? name : name.Replace("_", string.Empty);
}
