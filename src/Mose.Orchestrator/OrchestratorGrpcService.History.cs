using Grpc.Core;
using Mose.Contracts.Orchestrator;

namespace Mose.Orchestrator;

public sealed partial class OrchestratorGrpcService
{
    /// <summary>Records returned when the request names no limit.</summary>
    public const int DefaultHistoryLimit = 20;

    /// <summary>The most records one request returns.</summary>
    public const int MaxHistoryLimit = 10_000;

    public override Task<HistoryReply> History(HistoryRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxHistoryLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"history limit {request.Limit} out of range: use 1 to {MaxHistoryLimit} " +
                $"(0 means {DefaultHistoryLimit})"));
        }

        var reply = new HistoryReply();
        reply.Migrations.AddRange(history.List(request.Limit == 0 ? DefaultHistoryLimit : request.Limit,
            request.Service));
        return Task.FromResult(reply);
    }

    public override Task<ModelReply> Model(ModelRequest request, ServerCallContext context)
    {
        if (request.Host.Length > 0 && !agents.Contains(request.Host))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"unknown host '{request.Host}'; known hosts: {string.Join(", ", agents.Hosts)}"));
        }

        var reply = new ModelReply();
        reply.Hosts.AddRange(models.All().Where(m => request.Host.Length == 0 || m.Host == request.Host));
        return Task.FromResult(reply);
    }
}
