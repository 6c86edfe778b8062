namespace Mose.Transfer.Chunks;

/// <summary>Loading the packs found on disk when the store opens.</summary>
public sealed partial class ChunkStore
{
    private void Load()
    {
        var found = new SortedDictionary<int, (bool Data, bool Index)>();
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (Pack.TryParseName(Path.GetFileName(path), out var number, out var isIndex))
            {
                found.TryGetValue(number, out var files);
                found[number] = isIndex ? files with { Index = true } : files with { Data = true };
            }
        }

        foreach (var (number, files) in found)
        {
            _nextPack = number + 1;
            if (files.Data && files.Index)
            {
                LoadPack(number);
                continue;
            }

            // A crash between creating a pack's two files, or while evicting one, leaves half a pack.
            File.Delete(Path.Join(_directory, Pack.DataName(number)));
            File.Delete(Path.Join(_directory, Pack.IndexName(number)));
            LogHalfPackRemoved(_logger, number);
        }

        LogLoaded(_logger, _directory, _index.Count, _bytes, _packs.Count);
    }

    private void LoadPack(int number)
    {
        var handle = File.OpenHandle(Path.Join(_directory, Pack.DataName(number)), FileMode.Open,
            FileAccess.Read);
        var pack = new Pack(_directory, number, handle, RandomAccess.GetLength(handle));
        var index = File.ReadAllBytes(pack.IndexPath);
        if (!PackIndex.HasValidHeader(index))
        {
            pack.Delete();
            LogUnreadablePackRemoved(_logger, number);
            return;
        }

        var records = index.AsSpan(PackIndex.HeaderBytes);
        var torn = records.Length % PackIndex.RecordBytes;
        var skipped = 0;
        for (var at = 0; at + PackIndex.RecordBytes <= records.Length; at += PackIndex.RecordBytes)
        {
            var valid = PackIndex.TryReadRecord(records[at..], out var hash, out var offset, out var length);

            // Records describing bytes the data file does not have were written before a crash lost data.
            if (!valid || length is < 0 or > Chunk.Size || offset < 0 || offset > pack.Length - length)
            {
                skipped++;
                continue;
            }

            // Packs load oldest first, so a chunk refreshed into a newer pack ends up pointing there.
            _index[hash] = new ChunkLocation(pack, offset, length);
            pack.Hashes.Add(hash);
        }

        if (skipped > 0 || torn > 0)
        {
            LogIndexTailIgnored(_logger, number, skipped, torn);
        }

        if (pack.Hashes.Count == 0)
        {
            pack.Delete();
            LogUnreadablePackRemoved(_logger, number);
            return;
        }

        _packs.Add(pack);
        _bytes += pack.Length;
    }
}
