import { Component, DestroyRef, computed, inject, input, signal } from '@angular/core';

/** "Retry allowed in N s" until `retryAt` (epoch milliseconds) has passed; then nothing. */
@Component({
  selector: 'app-retry-countdown',
  template: `@if (secondsLeft() > 0) {<p id="countdown" class="countdown">Retry allowed in {{ secondsLeft() }} s</p>}`,
})
export class RetryCountdown {

  readonly retryAt = input.required<number>();

  private readonly now = signal(Date.now());

  readonly secondsLeft = computed(() => Math.max(0, Math.ceil((this.retryAt() - this.now()) / 1000)));

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 250);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
