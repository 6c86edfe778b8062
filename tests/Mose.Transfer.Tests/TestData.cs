namespace Mose.Transfer.Tests;

/// <summary>Deterministic test content.</summary>
internal static class TestData
{
    /// <summary>Bytes that LZ4 cannot shrink.</summary>
    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Bytes that LZ4 shrinks a lot.</summary>
    public static byte[] Repetitive(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 7);
        }

        return bytes;
    }
}
