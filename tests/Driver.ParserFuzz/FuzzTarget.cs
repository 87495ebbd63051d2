namespace Driver.ParserFuzz;

/// <summary>
/// What one fuzz input exercises: its first byte (modulo the count) picks the target, the rest is the target's
/// input as described on each member. Seeds are stored with that byte, so a corpus file replays as it was run.
/// </summary>
internal enum FuzzTarget : byte
{
    /// <summary>A plain reply or request message: parsed, then every part decoded as a client would.</summary>
    Message = 0,
    /// <summary>An LZ4-compressed message: inflated like the transport does, then handled as <see cref="Message"/>.</summary>
    CompressedMessage = 1,
    /// <summary>U4 compressionVarPartLength, then a raw LZ4 block (PacketCompression.Decompress).</summary>
    Lz4Block = 2,
    /// <summary>U1 column count, per column U1 type code and I2 fraction, U2 row count, then RESULTSET row bytes.</summary>
    ResultRows = 3,
    /// <summary>U1 type code, I2 scale, then one or more values in result-set encoding, each decoded.</summary>
    ResultValue = 4,
    /// <summary>I2 scale, then input parameter values in parameter encoding until the end.</summary>
    ParameterValues = 5,
    /// <summary>U1 part kind, I4 argument count, then the part buffer (no header).</summary>
    Part = 6,
    /// <summary>U1 which auth reader, then its payload (field lists, challenges, proofs).</summary>
    Auth = 7,
    /// <summary>CESU-8 bytes to decode.</summary>
    Cesu8Text = 8,
}
