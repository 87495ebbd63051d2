namespace Driver.Core.Api;

/// <summary>
/// The ADO.NET base-class setters (DbCommand.DbConnection, DbBatch.DbTransaction, ...) accept any provider's object;
/// this package works only with its own, and says so naming both types.
/// </summary>
internal static class OwnTypes
{
    public static T? Require<T>(object? value, string owner)
        where T : class =>
        value switch
        {
            null => null,
            T own => own,
            _ => throw new InvalidCastException($"A {owner} needs a {typeof(T).Name}, not {value.GetType().Name}."),
        };
}
