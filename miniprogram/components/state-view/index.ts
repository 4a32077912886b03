import props from './props';

/**
 * Loading / empty / error states of a data-backed area; the slot renders when status is ready.
 * The error state has a retry button that triggers `retry`. No timers: nothing hurries the user.
 */
Component({
  options: { multipleSlots: false },
  properties: props,
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
