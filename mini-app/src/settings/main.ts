import { createApp } from 'vue';
import SettingsApp from './SettingsApp.vue';
import '../imports/imports.css';
import '../automation/automation.css';
import './settings.css';

createApp(SettingsApp).mount('#settings');
