namespace Driver.ParserFuzz;

/// <summary>
/// SplitMix64: tiny, allocation-free and fully determined by its state, so execution <c>i</c> of seed <c>S</c>
/// always gets the same input (a crash is reproduced from the two numbers alone).
/// </summary>
internal struct Rng
{
    private ulong _state;

    public Rng(ulong seed, ulong index)
    {
        _state = seed * 0x9E3779B97F4A7C15UL ^ (index + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL;
        Next();
    }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; <paramref name="bound"/> (bound &gt; 0).</summary>
    public int Below(int bound) => (int)((Next() >> 33) % (ulong)bound);

    public bool Chance(int oneIn) => Below(oneIn) == 0;

    public byte Byte() => (byte)Next();
}
