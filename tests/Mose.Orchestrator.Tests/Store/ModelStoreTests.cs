using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

public sealed class ModelStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StoreFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void AddSample_BeyondTheLimit_KeepsOnlyTheNewestOfThatHostAndPhase()
    {
        var models = new ModelStore(_file.Open());
        models.AddSample("a", "restore", -1, -1, Start);
        for (var i = 0; i < ModelStore.SamplesKept + 50; i++)
        {
            models.AddSample("a", "checkpoint", i, i * 10.0, Start.AddSeconds(i));
        }

        var kept = models.Samples("a", "checkpoint", 1000);

        Assert.Equal(ModelStore.SamplesKept, kept.Count);
        Assert.Equal((249.0, 2490.0, Start.AddSeconds(249)), kept[0]);
        Assert.Equal(50.0, kept[^1].X);
        Assert.Single(models.Samples("a", "restore", 10));
    }

    [Fact]
    public void Samples_ComeNewestFirstAndAtMostTheLimit()
    {
        var models = new ModelStore(_file.Open());
        models.AddSample("a", "restore", 1, 10, Start.AddSeconds(1));
        models.AddSample("a", "restore", 3, 30, Start.AddSeconds(3));
        models.AddSample("a", "restore", 2, 20, Start.AddSeconds(2));
        models.AddSample("b", "restore", 9, 90, Start.AddSeconds(9));

        Assert.Equal([3.0, 2.0], models.Samples("a", "restore", 2).Select(s => s.X));
    }

    [Fact]
    public void SaveConstants_ReplacesTheHostsConstantsAndAllListsEveryHost()
    {
        var models = new ModelStore(_file.Open());
        models.SaveConstants("b", """{"v":1}""", 3, Start);
        models.SaveConstants("a", """{"v":1}""", 5, Start);
        models.SaveConstants("b", """{"v":2}""", 8, Start.AddMinutes(1));

        Assert.Equal("""{"v":2}""", models.Constants("b"));
        Assert.Null(models.Constants("c"));
        var all = models.All();
        Assert.Equal(["a", "b"], all.Select(h => h.Host));
        Assert.Equal((8, Start.AddMinutes(1).ToUnixTimeMilliseconds()),
            (all[1].Samples, all[1].UpdatedUnixMs));
    }
}
