package io.gameport.sample;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, inclusive; checked by {@link Cli} on every option given on
 * the command line (a default outside the range, such as 0 for "off", stays allowed). picocli has
 * types but no ranges; this keeps each option's range next to its declaration.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Range {
    long min();

    long max() default Integer.MAX_VALUE;
}
