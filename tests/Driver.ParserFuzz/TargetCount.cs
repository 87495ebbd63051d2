namespace Driver.ParserFuzz;

/// <summary>How many <see cref="FuzzTarget"/> values there are (the first input byte is taken modulo this).</summary>
internal static class TargetCount
{
    public const int Value = 9;
}
