using Google.Protobuf;
using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests;

public sealed class ChunkWireTests
{
    [Fact]
    public void PackAndUnpack_RoundTripHashesInOrder()
    {
        UInt128[] hashes = [1, UInt128.MaxValue, new UInt128(0x0123456789abcdef, 42), 0];

        Assert.Equal(hashes, ChunkWire.Unpack(ChunkWire.Pack(hashes)));
        Assert.Equal(64, ChunkWire.Pack(hashes).Length);
    }

    [Fact]
    public void Unpack_OfALengthNotAMultipleOf16_IsRefused() =>
        Assert.Throws<StateIntegrityException>(() => ChunkWire.Unpack(ByteString.CopyFrom(new byte[17])));

    [Fact]
    public void Encode_ARandomPage_SendsItRaw()
    {
        var page = TestData.Random(Chunk.Size);

        var chunk = ChunkWire.Encode(Chunk.Hash(page), page, new byte[Chunk.Size]);

        Assert.False(chunk.Compressed);
        Assert.Equal(page, ChunkWire.Decode(chunk, new byte[Chunk.Size]).ToArray());
    }

    [Fact]
    public void Encode_ACompressiblePage_CompressesItAndDecodesItBack()
    {
        var page = new byte[Chunk.Size];
        page.AsSpan(100, 50).Fill(7);

        var chunk = ChunkWire.Encode(Chunk.Hash(page), page, new byte[Chunk.Size]);

        Assert.True(chunk.Compressed);
        Assert.True(chunk.Data.Length < Chunk.Size / 10);
        Assert.Equal(page, ChunkWire.Decode(chunk, new byte[Chunk.Size]).ToArray());
        Assert.Equal(Chunk.Hash(page), ChunkWire.UnpackOne(chunk.Hash));
    }

    [Fact]
    public void Decode_OfACorruptBlockOrAWrongLength_IsRefused()
    {
        var page = new byte[Chunk.Size];
        var chunk = ChunkWire.Encode(Chunk.Hash(page), page, new byte[Chunk.Size]);
        var corrupt = chunk.Clone();
        corrupt.Data = ByteString.CopyFrom(chunk.Data.Span[..^2]);
        var tooLong = chunk.Clone();
        tooLong.RawLength = 5000;

        Assert.Throws<StateIntegrityException>(() => ChunkWire.Decode(corrupt, new byte[Chunk.Size]).ToArray());
        Assert.Throws<StateIntegrityException>(() => ChunkWire.Decode(tooLong, new byte[Chunk.Size]).ToArray());
    }

    [Fact]
    public void RecipeWire_RoundTripsARecipe()
    {
        var recipe = new ImageRecipe([new RecipeDirectory("a", 0b111_101_101)], [new RecipeSymlink("a/l", "../f")],
            [new RecipeFile("f", 5000, 0b110_000_000, 77, [1, 2])]);

        var back = RecipeWire.FromMessage(RecipeWire.ToMessage(recipe, "svc", "m1"));

        Assert.Equal(recipe.Directories, back.Directories);
        Assert.Equal(recipe.Symlinks, back.Symlinks);
        var file = Assert.Single(back.Files);
        Assert.Equal((recipe.Files[0].Path, 5000L, recipe.Files[0].Mode, (UInt128)77), (file.Path, file.Size, file.Mode, file.FileHash));
        Assert.Equal(recipe.Files[0].Chunks, file.Chunks);
    }
}
