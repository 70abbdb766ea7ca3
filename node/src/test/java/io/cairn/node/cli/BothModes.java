package io.cairn.node.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of a CLI test class twice: with commands run in-process, and with a daemon
 * running for the repo. The class takes the mode in a field {@code @Parameter Cli.Mode mode} and
 * makes its {@link Cli}s with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@EnumSource(Cli.Mode.class)
@ExtendWith(Cli.StopDaemons.class)
@interface BothModes {}
