package io.cairn.compute.wasm;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.objectweb.asm.MethodTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a module with Chicory's compiler in passes that stop when the compiling thread is
 * interrupted (its job timed out or was cancelled).
 *
 * <p>Chicory 1.5.1's compiler never looks at interrupts and has no hook between functions (it
 * copies the module's function bodies, and its only options are the class name, the functions per
 * class, which functions to interpret and what to do with one too large). A function whose bytecode
 * is over the JVM's 64 KiB method limit is found only when its class is written; by default the
 * compiler then adds it to the functions it leaves to the interpreter and starts the whole module
 * over, so a module of k such functions is compiled k + 1 times: a time that grows with k squared,
 * unbounded by the job. Here the compiler is told to fail on such a function instead ({@link
 * InterpreterFallback#FAIL}); the function is added to the interpreted ones and the next pass
 * starts only if this thread has not been interrupted. So a job that ends stops its compile within
 * one pass, whose time is bounded by the module's size (which {@link CompileBudget} bounds); the
 * functions interpreted in the end are the ones Chicory's own retry would have chosen.
 */
final class PassCompiler {
  private static final Logger LOG = LoggerFactory.getLogger(PassCompiler.class);

  private static final String FUNCTION_METHOD = "func_";

  private PassCompiler() {}

  /**
   * The machine factory of {@code module}, its functions too large for a JVM method left to the
   * interpreter.
   *
   * @throws ChicoryInterruptedException if this thread is interrupted, checked before each pass
   * @throws ChicoryException if the module cannot be compiled for another reason
   */
  static Function<Instance, Machine> compile(WasmModule module) {
    Set<Integer> interpreted = new TreeSet<>();
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ChicoryInterruptedException(
            "compiling stopped after "
                + interpreted.size()
                + " passes: the job's thread was interrupted");
      }
      MachineFactoryCompiler.Builder compiler =
          MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL);
      if (!interpreted.isEmpty()) {
        compiler.withInterpretedFunctions(interpreted);
      }
      try {
        return compiler.compile();
      } catch (ChicoryException e) {
        int function = tooLargeFunction(e);
        if (function < 0 || !interpreted.add(function)) {
          throw e;
        }
        LOG.debug(
            "WASM function {} is too large for a JVM method: it runs in the interpreter", function);
      }
    }
  }

  /** The WASM function whose JVM method was too large, or -1 when that is not the failure. */
  static int tooLargeFunction(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof MethodTooLargeException tooLarge
          && tooLarge.getMethodName().startsWith(FUNCTION_METHOD)) {
        try {
          return Integer.parseInt(tooLarge.getMethodName().substring(FUNCTION_METHOD.length()));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
