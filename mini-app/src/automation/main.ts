import { createApp } from 'vue';
import AutomationApp from './AutomationApp.vue';
import '../imports/imports.css';
import './automation.css';

createApp(AutomationApp).mount('#automation');
