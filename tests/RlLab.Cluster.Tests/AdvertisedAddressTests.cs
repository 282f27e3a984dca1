using System.Net;

namespace RlLab.Cluster.Tests;

/// <summary>A silo on a loopback cluster advertises 127.0.0.1, not its host name (Debian: 127.0.1.1).</summary>
public sealed class AdvertisedAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("localhost:6379")]
    [InlineData("LOCALHOST:7000")]
    public void A_loopback_redis_gives_127_0_0_1(string endpoint) =>
        Assert.Equal(IPAddress.Loopback, ClusterHost.AdvertisedAddress(endpoint));

    [Fact]
    public void Another_machine_gives_an_address_of_this_one_never_127_0_1_1()
    {
        // TEST-NET-1: routed by the default route when there is one, never answered; nothing is sent.
        IPAddress a = ClusterHost.AdvertisedAddress("192.0.2.1:6379");
        Assert.NotEqual(IPAddress.Parse("127.0.1.1"), a);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, a.AddressFamily);
    }
}
