#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The nested one-field list that carries a 32-byte proof: CONNECT field 3 (client proof, §8.2) and, for
/// SCRAMPBKDF2SHA256, CONNECT reply field 2 (server proof, §8.3). Written as <c>01 00 20 &lt;32 bytes&gt;</c>.
/// </summary>
internal static class ScramProofField
{
    public const int Length = 3 + ScramCrypto.ProofLength;

    /// <summary>Builds <c>01 00 20 &lt;proof&gt;</c>: the count little-endian like every other count ([R], [G]; §8.2).</summary>
    public static byte[] Build(byte[] proof)
    {
        if (proof.Length != ScramCrypto.ProofLength)
        {
            throw new ArgumentException($"A SCRAM proof has {ScramCrypto.ProofLength} bytes.", nameof(proof));
        }
        return AuthFields.Encode(proof);
    }

    /// <summary>
    /// Extracts the 32-byte proof. The sub-count is accepted in either byte order: [N] and [P] write <c>00 01</c>
    /// (§8.2), and real servers accept both.
    /// </summary>
    public static byte[] Parse(ReadOnlySpan<byte> field, string what)
    {
        if (field.Length >= 2 && field[0] == 0x00 && field[1] == 0x01)
        {
            var normalized = field.ToArray();
            normalized[0] = 0x01;
            normalized[1] = 0x00;
            return ExtractProof(normalized, what);
        }
        return ExtractProof(field, what);
    }

    private static byte[] ExtractProof(ReadOnlySpan<byte> field, string what)
    {
        var fields = AuthFields.Decode(field, 1, what);
        if (fields[0].Length != ScramCrypto.ProofLength)
        {
            throw new HanaProtocolException($"{what}: the proof has {fields[0].Length} bytes instead of {ScramCrypto.ProofLength}.");
        }
        return fields[0];
    }
}
