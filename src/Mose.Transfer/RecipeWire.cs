using Mose.Transfer.Chunks;
using Wire = Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>Maps image recipes to and from their protobuf messages.</summary>
public static class RecipeWire
{
    /// <summary>The recipe as a message for the peer.</summary>
    public static Wire.ImageRecipe ToMessage(ImageRecipe recipe, string name, string migrationId)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var message = new Wire.ImageRecipe { Name = name, MigrationId = migrationId };
        message.Directories.AddRange(recipe.Directories.Select(d => new Wire.RecipeDirectory { Path = d.Path, Mode = d.Mode }));
        message.Symlinks.AddRange(recipe.Symlinks.Select(l => new Wire.RecipeSymlink { Path = l.Path, Target = l.Target }));
        message.Files.AddRange(recipe.Files.Select(f => new Wire.RecipeFile
        {
            Path = f.Path, Size = f.Size, Mode = f.Mode, FileHash = ChunkWire.Pack(f.FileHash),
            Chunks = ChunkWire.Pack(f.Chunks.ToList()),
        }));
        return message;
    }

    /// <summary>The recipe a message carries; paths are checked when it is assembled.</summary>
    /// <exception cref="StateIntegrityException">A hash field has the wrong length.</exception>
    public static ImageRecipe FromMessage(Wire.ImageRecipe message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ImageRecipe(
            [.. message.Directories.Select(d => new RecipeDirectory(d.Path, d.Mode))],
            [.. message.Symlinks.Select(l => new RecipeSymlink(l.Path, l.Target))],
            [.. message.Files.Select(f => new RecipeFile(f.Path, f.Size, f.Mode, ChunkWire.UnpackOne(f.FileHash),
                ChunkWire.Unpack(f.Chunks)))]);
    }
}
