namespace Driver.Core.Protocol;

/// <summary>Float/int bit reinterpretation; netstandard2.0's BitConverter lacks the single-precision pair.</summary>
internal static class BitConversion
{
    public static unsafe float Int32BitsToSingle(int value) => *(float*)&value;

    public static unsafe int SingleToInt32Bits(float value) => *(int*)&value;
}
