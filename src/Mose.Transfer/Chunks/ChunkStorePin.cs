namespace Mose.Transfer.Chunks;

/// <summary>A held <see cref="ChunkStore.Pin"/>; released once however often it is disposed.</summary>
internal sealed class ChunkStorePin(ChunkStore store) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            store.Unpin();
        }
    }
}
