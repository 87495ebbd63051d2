namespace Driver.AotConsumer;

/// <summary>What both runs verify, so the flavors are judged by one rule.</summary>
public static class Check
{
    /// <summary>Rows committed per run; the rolled-back ones must not be there.</summary>
    public static int Rows { get; set; } = 200;

    /// <summary>Rows inserted in the transaction that is rolled back.</summary>
    public const int RolledBack = 50;

    /// <summary>Throws unless the rows read back are exactly those committed, in order, with their values.</summary>
    public static string Verify(IReadOnlyList<Item> mapped, IReadOnlyList<Item> byReader, long count, bool encrypted)
    {
        if (count != Rows)
        {
            throw new InvalidOperationException($"COUNT(*) is {count}, expected {Rows} (the rolled-back rows must be gone)");
        }
        for (var i = 0; i < Rows; i++)
        {
            var expected = Expected(i);
            if (i >= mapped.Count || mapped[i] != expected || i >= byReader.Count || byReader[i] != expected)
            {
                throw new InvalidOperationException($"row {i}: expected {expected}, got {(i < mapped.Count ? mapped[i] : null)} / {(i < byReader.Count ? byReader[i] : null)}");
            }
        }
        return $"{Rows} rows committed, {RolledBack} rolled back, read back by Query<T> and Map<T>{(encrypted ? ", over TLS" : "")}";
    }

    /// <summary>The row with index <paramref name="i"/>.</summary>
    public static Item Expected(int i) => new(i + 1, $"item {i + 1} \u00e9\u00e8", (i + 1) * 1.25m);
}
