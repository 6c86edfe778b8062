using Microsoft.Extensions.Time.Testing;
using Mose.Contracts.Agent;
using Mose.Orchestrator.Design;

namespace Mose.Orchestrator.Tests;

/// <summary>The link meter asks the destination for its data address and the source to measure towards it,
/// and keeps each direction's result for five minutes by the clock it is given.</summary>
public sealed class LinkMeterTests : IAsyncLifetime
{
    // Deadlines of the agent calls come from this clock too, so it starts at the real time.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private MigrationLab _lab = null!;
    private LinkMeter _meter = null!;

    public async Task InitializeAsync()
    {
        _lab = await MigrationLab.StartAsync();
        _meter = new LinkMeter(_lab.Agents, _clock);
    }

    public async Task DisposeAsync()
    {
        _meter.Dispose();
        await _lab.DisposeAsync();
    }

    [Fact]
    public async Task MeasureAsync_SendsFromSourceToDestinationsDataAddress_AndReturnsWhatArrived()
    {
        var measured = await _meter.MeasureAsync("a", "b", CancellationToken.None);

        var request = Assert.Single(_lab.Source.Requests.OfType<MeasureLinkRequest>());
        Assert.Equal(_lab.Destination.DataAddress, request.PeerAddress);
        Assert.Equal(new LinkMeasurement(1_000_000_000, 62_500_000, 500, _clock.GetUtcNow()), measured);
        Assert.Equal(["b:Describe", "a:MeasureLink"], _lab.Log.Calls);
    }

    [Fact]
    public async Task MeasureAsync_AgainWithinFiveMinutes_ReusesTheMeasurement()
    {
        var first = await _meter.MeasureAsync("a", "b", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(4.9));
        _lab.Source.Link = new MeasureLinkReply { Bytes = 1, Ms = 1, BitsPerSecond = 8000 };

        var second = await _meter.MeasureAsync("a", "b", CancellationToken.None);

        Assert.Same(first, second);
        Assert.Single(_lab.Log.Calls, c => c == "a:MeasureLink");
    }

    [Fact]
    public async Task MeasureAsync_FiveMinutesLater_MeasuresAgain()
    {
        await _meter.MeasureAsync("a", "b", CancellationToken.None);
        _clock.Advance(LinkMeter.MaxAge);
        _lab.Source.Link = new MeasureLinkReply { Bytes = 1000, Ms = 8, BitsPerSecond = 1_000_000 };

        var second = await _meter.MeasureAsync("a", "b", CancellationToken.None);

        Assert.Equal(1_000_000, second.Bps);
        Assert.Equal(2, _lab.Log.Calls.Count(c => c == "a:MeasureLink"));
    }

    [Fact]
    public async Task MeasureAsync_Fresh_MeasuresDespiteARecentResult_AndKeepsTheNewOne()
    {
        await _meter.MeasureAsync("a", "b", CancellationToken.None);
        _lab.Source.Link = new MeasureLinkReply { Bytes = 1000, Ms = 8, BitsPerSecond = 1_000_000 };

        var fresh = await _meter.MeasureAsync("a", "b", fresh: true, seconds: 2, CancellationToken.None);
        var cached = await _meter.MeasureAsync("a", "b", CancellationToken.None);

        Assert.Equal(1_000_000, fresh.Bps);
        Assert.Same(fresh, cached);
        Assert.Equal(2, _lab.Log.Calls.Count(c => c == "a:MeasureLink"));
        Assert.Equal(2, _lab.Source.Requests.OfType<MeasureLinkRequest>().Last().Seconds);
    }

    [Fact]
    public async Task MeasureAsync_OtherDirection_IsMeasuredOnItsOwn()
    {
        await _meter.MeasureAsync("a", "b", CancellationToken.None);

        await _meter.MeasureAsync("b", "a", CancellationToken.None);

        Assert.Equal(["b:Describe", "a:MeasureLink", "a:Describe", "b:MeasureLink"], _lab.Log.Calls);
    }

    [Fact]
    public async Task MeasureAsync_UnknownHost_ThrowsNamingItAndTheKnownHosts()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            _meter.MeasureAsync("a", "nowhere", CancellationToken.None));

        Assert.Equal("unknown host 'nowhere'; known hosts: a, b", e.Message);
        Assert.Empty(_lab.Log.Calls);
    }

    [Fact]
    public async Task MeasureAsync_SourceFails_ThrowsNamingTheSourceAndTheCause()
    {
        _lab.Source.Failures["MeasureLink"] = "a: bandwidth test to peer b-data:7000: not reachable";

        var e = await Assert.ThrowsAsync<LinkMeasurementException>(() =>
            _meter.MeasureAsync("a", "b", CancellationToken.None));

        Assert.Contains("failed on a, measuring towards b (b-data:7000)", e.Message);
        Assert.Contains("not reachable", e.Message);
        Assert.False(e.InvalidRequest);
    }
}
