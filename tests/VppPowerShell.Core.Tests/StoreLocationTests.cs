using System;
using System.IO;
using VppPowerShell.Core;
using VppPowerShell.Core.Store;
using Xunit;

namespace VppPowerShell.Core.Tests;

public sealed class StoreLocationTests
{
    private static readonly string Root = Path.GetTempPath();

    [Fact]
    public void The_parameter_wins_over_everything()
    {
        var location = StoreLocation.Resolve(Path.Combine(Root, "p.db"), Path.Combine(Root, "s.db"), _ => Path.Combine(Root, "e.db"), () => Root);

        Assert.Equal(Path.Combine(Root, "p.db"), location.Path);
        Assert.Equal(StoreLocationSource.Parameter, location.Source);
    }

    [Fact]
    public void The_session_default_comes_before_the_environment()
    {
        var location = StoreLocation.Resolve(null, Path.Combine(Root, "s.db"), _ => Path.Combine(Root, "e.db"), () => Root);

        Assert.Equal(StoreLocationSource.SessionDefault, location.Source);
    }

    [Fact]
    public void The_environment_variable_comes_before_the_user_folder()
    {
        var location = StoreLocation.Resolve(null, null, name => name == "VPP_STORE_PATH" ? Path.Combine(Root, "e.db") : null, () => Root);

        Assert.Equal(Path.Combine(Root, "e.db"), location.Path);
        Assert.Equal(StoreLocationSource.EnvironmentVariable, location.Source);
    }

    [Fact]
    public void Without_any_the_store_lives_in_the_per_user_data_folder()
    {
        var location = StoreLocation.Resolve(null, "  ", _ => null, () => Path.Combine(Root, "home", ".local", "share"));

        Assert.Equal(Path.Combine(Root, "home", ".local", "share", "VppPowerShell", "vpp.db"), location.Path);
        Assert.True(location.CreatesFolder);
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/folder")]
    public void An_account_without_a_profile_gets_a_clear_error(string dataFolder)
    {
        var error = Assert.Throws<VppException>(() => StoreLocation.Resolve(null, null, _ => null, () => dataFolder));

        Assert.Equal(VppErrorIds.StorePathUnresolved, error.ErrorId);
        Assert.Contains("-StorePath", error.RecommendedAction);
        Assert.Contains("VPP_STORE_PATH", error.RecommendedAction);
    }

    [Fact]
    public void A_relative_path_becomes_absolute()
    {
        var location = StoreLocation.Resolve("vpp.db", null, _ => null, () => Root);

        Assert.True(Path.IsPathRooted(location.Path));
    }
}
