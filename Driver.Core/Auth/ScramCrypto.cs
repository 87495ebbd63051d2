using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Driver.Core.Auth;

/// <summary>
/// The SCRAM formulas of §8.2 / §8.3 (HMAC = HMAC-SHA-256, H = SHA-256). Shared by the client and the test
/// server. Every method returns fresh arrays; callers clear key material they no longer need.
/// </summary>
internal static class ScramCrypto
{
    public const int ProofLength = 32;

    /// <summary>
    /// §8.2: HMAC(password, salt) for SCRAMSHA256; §8.3: PBKDF2-HMAC-SHA256(password, salt, iterations, 32) for
    /// SCRAMPBKDF2SHA256.
    /// </summary>
    public static byte[] ComputeSaltedPassword(ScramMethod method, byte[] password, byte[] salt, int iterations) => method switch
    {
        ScramMethod.ScramSha256 => Hmac(password, salt),
        ScramMethod.ScramPbkdf2Sha256 => Pbkdf2Sha256(password, salt, iterations),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>clientKey = H(saltedPassword).</summary>
    public static byte[] ComputeClientKey(byte[] saltedPassword) => Sha256(saltedPassword);

    /// <summary>clientProof = HMAC(clientVerifier, salt ‖ serverChallenge ‖ clientChallenge) ⊕ clientKey (§8.2).</summary>
    public static byte[] ComputeClientProof(byte[] saltedPassword, byte[] salt, byte[] serverChallenge, byte[] clientChallenge)
    {
        var clientKey = Sha256(saltedPassword);
        var clientVerifier = Sha256(clientKey);
        var signature = Hmac(clientVerifier, Concat(salt, serverChallenge, clientChallenge));
        try
        {
            for (var i = 0; i < signature.Length; i++)
            {
                signature[i] ^= clientKey[i];
            }
            return signature;
        }
        finally
        {
            Clear(clientKey);
            Clear(clientVerifier);
        }
    }

    /// <summary>serverProof = HMAC(HMAC(saltedPassword, salt), clientChallenge ‖ salt ‖ serverChallenge) (§8.3).</summary>
    public static byte[] ComputeServerProof(byte[] saltedPassword, byte[] salt, byte[] serverChallenge, byte[] clientChallenge)
    {
        var serverKey = Hmac(saltedPassword, salt);
        try
        {
            return Hmac(serverKey, Concat(clientChallenge, salt, serverChallenge));
        }
        finally
        {
            Clear(serverKey);
        }
    }

    public static byte[] Hmac(byte[] key, byte[] message)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(message);
    }

    public static byte[] Sha256(byte[] data)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(data);
    }

    /// <summary>PBKDF2-HMAC-SHA256 with a 32-byte result (one block).</summary>
    public static byte[] Pbkdf2Sha256(byte[] password, byte[] salt, int iterations)
    {
        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }
#if NET6_0_OR_GREATER
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, ProofLength);
#else
        // netstandard2.0's Rfc2898DeriveBytes only knows SHA-1.
        return Pbkdf2Sha256Managed(password, salt, iterations);
#endif
    }

    /// <summary>
    /// RFC 8018 PBKDF2 with HMAC-SHA256 for dkLen = 32 (a single block: T1 = U1 ⊕ … ⊕ Uc, U1 = HMAC(P, S ‖ INT(1))).
    /// Used on netstandard2.0; compiled everywhere so tests can compare it with the platform implementation.
    /// </summary>
    public static byte[] Pbkdf2Sha256Managed(byte[] password, byte[] salt, int iterations)
    {
        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations));
        }
        using var hmac = new HMACSHA256(password);
        var block = new byte[salt.Length + 4];
        salt.AsSpan().CopyTo(block);
        BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(salt.Length), 1);
        var u = hmac.ComputeHash(block);
        var result = (byte[])u.Clone();
        for (var i = 1; i < iterations; i++)
        {
            var next = hmac.ComputeHash(u);
            Clear(u);
            u = next;
            for (var j = 0; j < result.Length; j++)
            {
                result[j] ^= u[j];
            }
        }
        Clear(u);
        return result;
    }

    /// <summary>Compares two byte sequences in time that depends only on their length.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }
        var difference = 0;
        for (var i = 0; i < left.Length; i++)
        {
            difference |= left[i] ^ right[i];
        }
        return difference == 0;
    }

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(bytes);
        return bytes;
    }

    public static void Clear(byte[]? data)
    {
        if (data is not null)
        {
            Array.Clear(data, 0, data.Length);
        }
    }

    private static byte[] Concat(byte[] a, byte[] b, byte[] c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.AsSpan().CopyTo(result);
        b.AsSpan().CopyTo(result.AsSpan(a.Length));
        c.AsSpan().CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }
}
